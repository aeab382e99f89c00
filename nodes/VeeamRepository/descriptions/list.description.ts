import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { DEFAULT_PAGE_SIZE } from '../../shared/transport/paginate';

export const returnAllOrLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

export const pageSizeOption: INodeProperties = {
	displayName: 'Page Size',
	name: 'pageSize',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: DEFAULT_PAGE_SIZE,
	description: 'How many items to request from VBR per call while reading a list',
};

/** Sort By (the API's orderColumn values for this list) and Sort Direction, for an Options collection. */
export function sortOptions(columns: string[]): INodeProperties[] {
	return [
		{
			displayName: 'Sort By',
			name: 'sortBy',
			type: 'options',
			options: [...columns].sort().map((column) => ({ name: column, value: column })),
			default: 'Name',
		},
		{
			displayName: 'Sort Direction',
			name: 'sortDirection',
			type: 'options',
			options: [
				{ name: 'Ascending', value: 'asc' },
				{ name: 'Descending', value: 'desc' },
			],
			default: 'asc',
		},
	];
}

/** orderColumn / orderAsc query parameters from the Sort options. */
export function sortQuery(options: IDataObject): IDataObject {
	return {
		orderColumn: options.sortBy,
		orderAsc: options.sortDirection === undefined ? undefined : options.sortDirection === 'asc',
	};
}
