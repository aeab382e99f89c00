import type { INodeProperties } from 'n8n-workflow';

import { UUID_PATTERN } from './repositoryLocator.description';

/** Pick a scale-out repository from a searchable list, by ID, or by its name. */
export const scaleOutRepositoryLocator: INodeProperties = {
	displayName: 'Scale-Out Repository',
	name: 'scaleOutRepositoryId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The scale-out backup repository to work on',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchScaleOutRepositories', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 2b4b5c0e-6d0f-4c59-a0f4-3f1d9d1c2a11',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: UUID_PATTERN,
						errorMessage: 'Not a scale-out repository ID (a UUID)',
					},
				},
			],
		},
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: 'e.g. SOBR Primary',
		},
	],
};
