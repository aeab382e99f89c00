import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { VeeamClient } from '../../../shared/transport/client';
import { fetchPages } from '../../../shared/transport/paginate';
import { SCALE_OUT_REPOSITORIES_PATH } from '../../../shared/transport/paths';
import { scaleOutOutputs } from '../../helpers/extentImmutability';
import {
	listProperties,
	nameFilterField,
	readListSettings,
	sortQuery,
} from '../../helpers/listOptions';
import { SCALE_OUT_SORT_COLUMNS as SORT_COLUMNS } from '../../helpers/sortColumns';

const filterFields: INodeProperties[] = [nameFilterField('Scale-out repository', 'e.g. SOBR*')];

const properties = listProperties({ filters: filterFields, sortColumns: SORT_COLUMNS });

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
		...sortQuery(this, itemIndex, options, SORT_COLUMNS, client.apiVersion),
	};
	const list = await fetchPages<IDataObject>(client, SCALE_OUT_REPOSITORIES_PATH, qs, {
		limit,
		pageSize,
		itemIndex,
	});
	return await scaleOutOutputs(client, list, itemIndex, pageSize);
}
