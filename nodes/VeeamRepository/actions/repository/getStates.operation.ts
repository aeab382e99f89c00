import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { computeUsage } from '../../../shared/capacity';
import { immutabilityOf } from '../../../shared/immutability';
import type { VeeamClient } from '../../../shared/transport/client';
import { fetchPages } from '../../../shared/transport/paginate';
import { REPOSITORIES_PATH, REPOSITORY_STATES_PATH } from '../../../shared/transport/paths';
import type { RepositoryStateModel } from '../../../shared/types';
import { repositoryTypeOptions } from '../../../shared/repositoryTypes';
import {
	listProperties,
	nameFilterField,
	readListSettings,
	sortQuery,
} from '../../helpers/listOptions';
import { REPOSITORY_STATES_SORT_COLUMNS as SORT_COLUMNS } from '../../helpers/sortColumns';
import { buildStatesQuery } from '../../helpers/statesQuery';

const filterFields: INodeProperties[] = [
	{
		displayName: 'Exclude Scale-Out Extents',
		name: 'excludeExtents',
		type: 'boolean',
		default: false,
		description: 'Whether to leave out extents of scale-out repositories (API 1.3 and later)',
	},
	nameFilterField('Repository', 'e.g. *Hardened*'),
	{
		displayName: 'Online Status',
		name: 'online',
		type: 'options',
		options: [
			{ name: 'Any', value: 'any' },
			{ name: 'Offline Only', value: 'offline' },
			{ name: 'Online Only', value: 'online' },
		],
		default: 'any',
	},
	{
		displayName: 'Out of Date Status',
		name: 'outOfDate',
		type: 'options',
		options: [
			{ name: 'Any', value: 'any' },
			{ name: 'Out of Date Only', value: 'outOfDate' },
			{ name: 'Up to Date Only', value: 'upToDate' },
		],
		default: 'any',
		description: 'Whether the repository components need an upgrade (API 1.3 and later)',
	},
	{
		displayName: 'Scale-Out Membership',
		name: 'membership',
		type: 'string',
		default: '',
		placeholder: 'e.g. SOBR*',
		description:
			'Only extents whose scale-out membership matches this pattern; use * as a wildcard (API 1.3 and later)',
	},
	{
		displayName: 'Scale-Out Repository ID',
		name: 'scaleOutRepositoryId',
		type: 'string',
		default: '',
		description: 'Only the extents of this scale-out repository (API 1.3 and later)',
	},
	{
		displayName: 'Repository ID',
		name: 'repositoryId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 88788f9e-d8f5-4eb4-bc4f-9b3f5403bcec',
		description: 'Only the state of this repository',
	},
	sizeFilter('Capacity (GB)', 'minCapacityGB', 'Only repositories with this capacity, in GB'),
	sizeFilter('Free Space (GB)', 'minFreeGB', 'Only repositories with this free space, in GB'),
	sizeFilter('Used Space (GB)', 'minUsedGB', 'Only repositories with this used space, in GB'),
	{
		displayName: 'Scale-Out Extent Types',
		name: 'sobrExtentTypes',
		type: 'multiOptions',
		// EScaleOutRepositoryExtentType, the same in every 1.3 revision.
		options: ['Archive', 'Capacity', 'Performance'].map((tier) => ({ name: tier, value: tier })),
		default: [],
		description: 'Only extents of these scale-out tiers (API 1.3 and later)',
	},
	{
		// Named `type`: workflows saved when it took one type keep their filter (a string).
		displayName: 'Types',
		name: 'type',
		type: 'multiOptions',
		options: repositoryTypeOptions,
		default: [],
		description:
			'Only repositories of these types (one type before API 1.3-rev2). Old and new names of a renamed type both work; the node sends the spelling of your API version.',
	},
];

/** VBR compares the size filters itself; Veeam's documentation does not say how (see README). */
function sizeFilter(displayName: string, name: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description,
	};
}

const properties: INodeProperties[] = [
	...listProperties({ filters: filterFields, sortColumns: SORT_COLUMNS }),
	{
		displayName: 'Include Immutability',
		name: 'includeImmutability',
		type: 'boolean',
		default: false,
		description:
			'Whether each state carries the immutability summary of its repository; costs one paginated read of all repositories (not one request per repository)',
	},
];

/** Immutability summaries by repository ID, from one paginated read of the repositories. */
async function immutabilityById(
	client: VeeamClient,
	pageSize: number,
	itemIndex: number,
): Promise<Map<string, IDataObject | null>> {
	const models = await fetchPages<IDataObject>(client, REPOSITORIES_PATH, {}, {
		pageSize,
		itemIndex,
	});
	const byId = new Map<string, IDataObject | null>();
	for (const model of models) {
		if (typeof model.id !== 'string') continue;
		byId.set(
			model.id.toLowerCase(),
			immutabilityOf(model, client.apiVersion) as IDataObject | null,
		);
	}
	return byId;
}

export const description = updateDisplayOptions(
	{ show: { resource: ['repository'], operation: ['getStates'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: VeeamClient,
): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const { limit, pageSize, options } = readListSettings(this, itemIndex);
	const qs: IDataObject = {
		...buildStatesQuery(this, itemIndex, filters, client.apiVersion),
		...sortQuery(this, itemIndex, options, SORT_COLUMNS, client.apiVersion),
	};
	const states = await fetchPages<RepositoryStateModel>(client, REPOSITORY_STATES_PATH, qs, {
		limit,
		pageSize,
		itemIndex,
	});
	const withUsage = states.map((state) => ({ ...state, ...computeUsage(state) }));
	if (this.getNodeParameter('includeImmutability', itemIndex, false) !== true) return withUsage;
	const immutability = await immutabilityById(client, pageSize, itemIndex);
	return withUsage.map((state) => ({
		...state,
		immutability: immutability.get(String(state.id).toLowerCase()) ?? null,
	}));
}
