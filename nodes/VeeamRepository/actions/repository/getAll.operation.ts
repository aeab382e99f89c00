import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { isAtLeast13 } from '../../../shared/apiVersion';
import { withImmutability } from '../../../shared/immutability';
import type { VeeamClient } from '../../../shared/transport/client';
import { fetchPages } from '../../../shared/transport/paginate';
import { REPOSITORIES_PATH } from '../../../shared/transport/paths';
import { isUuid } from '../../../shared/validation';
import { repositoryTypeOptions } from '../../../shared/repositoryTypes';
import {
	listProperties,
	nameFilterField,
	readListSettings,
	sortQuery,
	typeFilterFor,
} from '../../helpers/listOptions';
import { REPOSITORY_SORT_COLUMNS as SORT_COLUMNS } from '../../helpers/sortColumns';

const filterFields: INodeProperties[] = [
	{
		displayName: 'Exclude Scale-Out Extents',
		name: 'excludeExtents',
		type: 'boolean',
		default: false,
		description:
			'Whether to leave out repositories that are extents of a scale-out repository (API 1.3 and later)',
	},
	{
		displayName: 'Host ID',
		name: 'hostId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 6745a759-2205-4cd2-b172-8ec8f7e60ef8',
		description: 'Only repositories on this managed server',
	},
	nameFilterField('Repository', 'e.g. Linux*'),
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: '',
		placeholder: 'e.g. /backups*',
		description: 'Repository path; use * at the start and/or end as a wildcard',
	},
	{
		displayName: 'Types',
		name: 'types',
		type: 'multiOptions',
		options: repositoryTypeOptions,
		default: [],
		description:
			'Only repositories of these types (API 1.2-rev1 accepts one type). Old and new names of a renamed type both work; the node sends the spelling of your API version.',
	},
];

const properties = listProperties({ filters: filterFields, sortColumns: SORT_COLUMNS });

export const description = updateDisplayOptions(
	{ show: { resource: ['repository'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: VeeamClient,
): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const { limit, pageSize, options } = readListSettings(this, itemIndex);
	const api13 = isAtLeast13(client.apiVersion);
	const types = typeFilterFor(this, itemIndex, filters.types, client.apiVersion, !api13);
	if (!api13 && filters.excludeExtents === true) {
		throw new NodeOperationError(
			this.getNode(),
			'Exclude Scale-Out Extents needs API 1.3-rev0 or later',
			{
				itemIndex,
			},
		);
	}
	const hostId = typeof filters.hostId === 'string' ? filters.hostId.trim() : '';
	if (hostId !== '' && !isUuid(hostId)) {
		throw new NodeOperationError(this.getNode(), `"${hostId}" is not a valid Host ID`, {
			description: 'The host ID is the UUID of a managed server.',
			itemIndex,
		});
	}
	const qs: IDataObject = {
		nameFilter: filters.name,
		pathFilter: filters.path,
		hostIdFilter: hostId,
		typeFilter: api13 ? types : types[0],
		excludeExtents: filters.excludeExtents === true ? true : undefined,
		...sortQuery(this, itemIndex, options, SORT_COLUMNS, client.apiVersion),
	};
	const models = await fetchPages<IDataObject>(client, REPOSITORIES_PATH, qs, {
		limit,
		pageSize,
		itemIndex,
	});
	return models.map((model) => withImmutability(model, client.apiVersion));
}
