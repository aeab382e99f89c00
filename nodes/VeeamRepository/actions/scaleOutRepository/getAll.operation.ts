import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { normalizeScaleOutRepository } from '../../../shared/scaleOut';
import type { VeeamClient } from '../../../shared/transport/client';
import { DEFAULT_PAGE_SIZE, fetchPages } from '../../../shared/transport/paginate';
import { SCALE_OUT_REPOSITORIES_PATH } from '../../../shared/transport/paths';
import {
	pageSizeOption,
	returnAllOrLimit,
	sortOptions,
	sortQuery,
} from '../../descriptions/list.description';
import { readLimit } from '../../helpers/list';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				placeholder: 'e.g. SOBR*',
				description: 'Scale-out repository name; use * at the start and/or end as a wildcard',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [pageSizeOption, ...sortOptions(['Description', 'Name'])],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['scaleOutRepository'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: VeeamClient,
): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const { limit, pageSize } = readLimit(this, itemIndex, options);
	const qs: IDataObject = {
		nameFilter: filters.name,
		...sortQuery(options),
	};
	const list = await fetchPages<IDataObject>(client, SCALE_OUT_REPOSITORIES_PATH, qs, {
		limit,
		pageSize: pageSize ?? DEFAULT_PAGE_SIZE,
		itemIndex,
	});
	return list.map(normalizeScaleOutRepository);
}
