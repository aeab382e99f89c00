import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { firstRevisionWith, typeForVersion } from '../../shared/repositoryTypes';
import { DEFAULT_PAGE_SIZE } from '../../shared/transport/paginate';
import type { ApiVersion } from '../../shared/types';
import { API_VERSIONS } from '../../shared/types';

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

/** The orderColumn values of a list, each with the first revision whose spec has it. */
export type SortColumns = Readonly<Record<string, ApiVersion>>;

const COLUMN_LABELS: Readonly<Record<string, string>> = {
	CapacityGB: 'Capacity (GB)',
	EncryptionState: 'Encryption State',
	FreeGB: 'Free Space (GB)',
	UsedSpaceGB: 'Used Space (GB)',
};

function isAtLeast(version: ApiVersion, first: ApiVersion): boolean {
	return API_VERSIONS.indexOf(version) >= API_VERSIONS.indexOf(first);
}

/** Sort By (the API's orderColumn values for this list) and Sort Direction. */
function sortOptions(columns: SortColumns): INodeProperties[] {
	const options = Object.entries(columns).map(([column, first]) => ({
		name: COLUMN_LABELS[column] ?? column,
		value: column,
		...(first === API_VERSIONS[0] ? {} : { description: `API ${first} and later` }),
	}));
	return [
		{
			displayName: 'Sort By',
			name: 'sortBy',
			type: 'options',
			options: options.sort((a, b) => a.name.localeCompare(b.name)),
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
function listOptions(sortColumns?: SortColumns): INodeProperties {
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
	sortColumns?: SortColumns;
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

/** orderColumn / orderAsc; a column the revision does not have is refused before any request. */
export function sortQuery(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
	columns: SortColumns,
	version: ApiVersion,
): IDataObject {
	const column = options.sortBy;
	if (typeof column === 'string' && column !== '') {
		const first = columns[column];
		if (first === undefined) {
			throw new NodeOperationError(
				ctx.getNode(),
				`"${column}" is not a column this list can be sorted by`,
				{
					description: `Sort By takes one of: ${Object.keys(columns).join(', ')}.`,
					itemIndex,
				},
			);
		}
		if (!isAtLeast(version, first)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Sorting by ${column} needs API ${first} or later`,
				{
					description: `The credential uses API ${version}. Choose another column, or a newer API version if your server supports it.`,
					itemIndex,
				},
			);
		}
	}
	return {
		orderColumn: column,
		orderAsc: options.sortDirection === undefined ? undefined : options.sortDirection === 'asc',
	};
}

/**
 * A type filter in the spelling of the revision in use (DellDataDomain → DDBoost before 1.3-rev2, and
 * back); a type that revision lacks, or several where it takes one, is refused before any request.
 */
export function typeFilterFor(
	ctx: IExecuteFunctions,
	itemIndex: number,
	types: unknown,
	version: ApiVersion,
	single: boolean,
): string[] {
	const chosen = (Array.isArray(types) ? types : typeof types === 'string' ? [types] : [])
		.map(String)
		.filter((type) => type.trim() !== '');
	const spelled = new Set<string>();
	for (const type of chosen) {
		const wire = typeForVersion(type, version);
		if (wire === null) {
			throw new NodeOperationError(ctx.getNode(), `API ${version} has no repository type ${type}`, {
				description: `${type} came with ${firstRevisionWith(type)}. Remove it from the filter, or use a newer API version if your server supports it.`,
				itemIndex,
			});
		}
		spelled.add(wire);
	}
	if (single && spelled.size > 1) {
		throw new NodeOperationError(ctx.getNode(), `API ${version} can filter by one type only`, {
			description: 'Choose a single type, or a newer API version if your server supports it.',
			itemIndex,
		});
	}
	return [...spelled];
}
