import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_PAGE_SIZE } from '../../shared/transport/paginate';

/**
 * The list block of the Get Many operations: Return All / Limit, and the Options collection with
 * Page Size (the paginator's default) and, where the list can be sorted, Sort By / Sort Direction.
 */
/** The Limit field's default (the lint rule wants it written as 50 there). */
const DEFAULT_LIMIT = 50;

const returnAllOrLimit: INodeProperties[] = [
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

const pageSizeOption: INodeProperties = {
	displayName: 'Page Size',
	name: 'pageSize',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: DEFAULT_PAGE_SIZE,
	description: 'How many items to request from VBR per call while reading a list',
};

/** Sort By (the API's orderColumn values for this list) and Sort Direction. */
function sortOptions(columns: string[]): INodeProperties[] {
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

/** The Options collection of a list: Page Size, and the sort options when columns are given. */
function listOptions(sortColumns?: string[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [pageSizeOption, ...(sortColumns ? sortOptions(sortColumns) : [])],
	};
}

/** A Name filter: VBR matches the name with * as a wildcard at the start and/or end. */
export function nameFilterField(what: string, placeholder: string): INodeProperties {
	return {
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder,
		description: `${what} name; use * at the start and/or end as a wildcard`,
	};
}

/** The parameters of a Get Many: Return All / Limit, its Filters, and Options. */
export function listProperties(list: {
	filters: INodeProperties[];
	sortColumns?: string[];
}): INodeProperties[] {
	return [
		...returnAllOrLimit,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: list.filters,
		},
		listOptions(list.sortColumns),
	];
}

export interface ListSettings {
	/** undefined: Return All. */
	limit: number | undefined;
	pageSize: number;
	/** The whole Options collection (sort fields included). */
	options: IDataObject;
}

/** Return All / Limit and the page size, checked before anything is sent. */
export function readListSettings(ctx: IExecuteFunctions, itemIndex: number): ListSettings {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll
		? undefined
		: Number(ctx.getNodeParameter('limit', itemIndex, DEFAULT_LIMIT));
	if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
		throw new NodeOperationError(ctx.getNode(), 'Limit must be a whole number of at least 1', {
			itemIndex,
		});
	}
	const pageSize = options.pageSize === undefined ? undefined : Number(options.pageSize);
	if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1)) {
		throw new NodeOperationError(ctx.getNode(), 'Page Size must be a whole number of at least 1', {
			itemIndex,
		});
	}
	return { limit, pageSize: pageSize ?? DEFAULT_PAGE_SIZE, options };
}

/** orderColumn / orderAsc query parameters from the sort options. */
export function sortQuery(options: IDataObject): IDataObject {
	return {
		orderColumn: options.sortBy,
		orderAsc: options.sortDirection === undefined ? undefined : options.sortDirection === 'asc',
	};
}
