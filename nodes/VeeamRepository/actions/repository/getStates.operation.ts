import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { isAtLeast13 } from '../../../shared/apiVersion';
import { computeUsage } from '../../../shared/capacity';
import type { VeeamClient } from '../../../shared/transport/client';
import { fetchPages } from '../../../shared/transport/paginate';
import { REPOSITORY_STATES_PATH } from '../../../shared/transport/paths';
import type { RepositoryStateModel } from '../../../shared/types';
import { isUuid } from '../../../shared/validation';
import { repositoryTypeOptions } from '../../../shared/repositoryTypes';
import { listProperties, nameFilterField, readListSettings } from '../../helpers/listOptions';

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
		displayName: 'Type',
		name: 'type',
		type: 'options',
		options: [{ name: 'Any', value: '' }, ...repositoryTypeOptions],
		default: '',
	},
];

const properties = listProperties({ filters: filterFields });

export const description = updateDisplayOptions(
	{ show: { resource: ['repository'], operation: ['getStates'] } },
	properties,
);

const API13_FILTERS: Array<[string, (filters: IDataObject) => boolean]> = [
	['Exclude Scale-Out Extents', (f) => f.excludeExtents === true],
	['Out of Date Status', (f) => f.outOfDate !== undefined && f.outOfDate !== 'any'],
	['Scale-Out Membership', (f) => typeof f.membership === 'string' && f.membership !== ''],
	[
		'Scale-Out Repository ID',
		(f) => typeof f.scaleOutRepositoryId === 'string' && f.scaleOutRepositoryId !== '',
	],
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: VeeamClient,
): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const { limit, pageSize } = readListSettings(this, itemIndex);
	if (!isAtLeast13(client.apiVersion)) {
		const unsupported = API13_FILTERS.filter(([, isSet]) => isSet(filters)).map(([name]) => name);
		if (unsupported.length > 0) {
			throw new NodeOperationError(
				this.getNode(),
				`${unsupported.join(', ')} need API 1.3-rev0 or later`,
				{
					description:
						'Remove these filters, or use API 1.3 in the credential if your server supports it.',
					itemIndex,
				},
			);
		}
	}
	const sobrId =
		typeof filters.scaleOutRepositoryId === 'string' ? filters.scaleOutRepositoryId.trim() : '';
	if (sobrId !== '' && !isUuid(sobrId)) {
		throw new NodeOperationError(
			this.getNode(),
			`"${sobrId}" is not a valid Scale-Out Repository ID`,
			{
				itemIndex,
			},
		);
	}
	const qs: IDataObject = {
		nameFilter: filters.name,
		typeFilter: filters.type,
		isOnlineFilter:
			filters.online === 'online' ? true : filters.online === 'offline' ? false : undefined,
		isOutOfDateFilter:
			filters.outOfDate === 'outOfDate'
				? true
				: filters.outOfDate === 'upToDate'
					? false
					: undefined,
		sobrIdFilter: sobrId,
		sobrMembershipFilter: filters.membership,
		excludeExtents: filters.excludeExtents === true ? true : undefined,
	};
	const states = await fetchPages<RepositoryStateModel>(client, REPOSITORY_STATES_PATH, qs, {
		limit,
		pageSize,
		itemIndex,
	});
	return states.map((state) => ({ ...state, ...computeUsage(state) }));
}
