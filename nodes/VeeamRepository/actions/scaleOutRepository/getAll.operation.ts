import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { normalizeScaleOutRepository } from '../../../shared/scaleOut';
import type { VeeamClient } from '../../../shared/transport/client';
import { fetchPages } from '../../../shared/transport/paginate';
import { SCALE_OUT_REPOSITORIES_PATH } from '../../../shared/transport/paths';
import {
	listOptions,
	readListSettings,
	returnAllOrLimit,
	sortQuery,
} from '../../helpers/listOptions';

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
	listOptions(['Description', 'Name']),
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
	const { limit, pageSize, options } = readListSettings(this, itemIndex);
	const qs: IDataObject = {
		nameFilter: filters.name,
		...sortQuery(options),
	};
	const list = await fetchPages<IDataObject>(client, SCALE_OUT_REPOSITORIES_PATH, qs, {
		limit,
		pageSize,
		itemIndex,
	});
	return list.map(normalizeScaleOutRepository);
}
