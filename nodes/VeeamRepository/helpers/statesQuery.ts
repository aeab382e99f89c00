import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isAtLeast, isAtLeast13 } from '../../shared/apiVersion';
import type { ApiVersion } from '../../shared/types';
import { isUuid } from '../../shared/validation';
import { typeFilterFor } from './listOptions';

/** The Get States filters that API 1.2-rev1 does not have, by the name the UI shows. */
const API13_FILTERS: Array<[string, (filters: IDataObject) => boolean]> = [
	['Exclude Scale-Out Extents', (f) => f.excludeExtents === true],
	['Out of Date Status', (f) => f.outOfDate !== undefined && f.outOfDate !== 'any'],
	['Scale-Out Membership', (f) => typeof f.membership === 'string' && f.membership !== ''],
	[
		'Scale-Out Repository ID',
		(f) => typeof f.scaleOutRepositoryId === 'string' && f.scaleOutRepositoryId !== '',
	],
	[
		'Scale-Out Extent Types',
		(f) => Array.isArray(f.sobrExtentTypes) && f.sobrExtentTypes.length > 0,
	],
];

const SIZE_FILTERS = [
	['minCapacityGB', 'capacityFilter', 'Capacity (GB)'],
	['minFreeGB', 'freeSpaceFilter', 'Free Space (GB)'],
	['minUsedGB', 'usedSpaceFilter', 'Used Space (GB)'],
] as const;

function readUuid(ctx: IExecuteFunctions, itemIndex: number, value: unknown, label: string) {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text !== '' && !isUuid(text)) {
		throw new NodeOperationError(ctx.getNode(), `"${text}" is not a valid ${label}`, {
			description: `The ${label} is a UUID, e.g. 88788f9e-d8f5-4eb4-bc4f-9b3f5403bcec.`,
			itemIndex,
		});
	}
	return text === '' ? undefined : text;
}

/** capacityFilter, freeSpaceFilter, usedSpaceFilter: numbers of GB, never negative. */
function sizeQuery(ctx: IExecuteFunctions, itemIndex: number, filters: IDataObject): IDataObject {
	const qs: IDataObject = {};
	for (const [field, parameter, label] of SIZE_FILTERS) {
		const raw = filters[field];
		if (raw === undefined || raw === null || raw === '') continue;
		const value = Number(raw);
		if (!Number.isFinite(value) || value < 0) {
			throw new NodeOperationError(ctx.getNode(), `${label} must be a number of at least 0`, {
				itemIndex,
			});
		}
		qs[parameter] = value;
	}
	return qs;
}

function tristate(value: unknown, yes: string, no: string): boolean | undefined {
	return value === yes ? true : value === no ? false : undefined;
}

/**
 * The states query for the revision in use: what that revision's spec has, with a filter it lacks
 * refused before any request. typeFilter is an array from 1.3-rev2 on, a single value before.
 */
export function buildStatesQuery(
	ctx: IExecuteFunctions,
	itemIndex: number,
	filters: IDataObject,
	version: ApiVersion,
): IDataObject {
	if (!isAtLeast13(version)) {
		const unsupported = API13_FILTERS.filter(([, isSet]) => isSet(filters)).map(([name]) => name);
		if (unsupported.length > 0) {
			throw new NodeOperationError(
				ctx.getNode(),
				`${unsupported.join(', ')} need API 1.3-rev0 or later`,
				{
					description:
						'Remove these filters, or use API 1.3 in the credential if your server supports it.',
					itemIndex,
				},
			);
		}
	}
	// `type`: a list, or the one string of workflows saved before it took several.
	const arrayTypes = isAtLeast(version, '1.3-rev2');
	const types = typeFilterFor(ctx, itemIndex, filters.type, version, !arrayTypes);
	return {
		idFilter: readUuid(ctx, itemIndex, filters.repositoryId, 'Repository ID'),
		nameFilter: filters.name,
		typeFilter: arrayTypes ? types : types[0],
		...sizeQuery(ctx, itemIndex, filters),
		isOnlineFilter: tristate(filters.online, 'online', 'offline'),
		isOutOfDateFilter: tristate(filters.outOfDate, 'outOfDate', 'upToDate'),
		sobrIdFilter: readUuid(ctx, itemIndex, filters.scaleOutRepositoryId, 'Scale-Out Repository ID'),
		sobrExtentTypeFilter:
			Array.isArray(filters.sobrExtentTypes) && filters.sobrExtentTypes.length > 0
				? filters.sobrExtentTypes
				: undefined,
		sobrMembershipFilter: filters.membership,
		excludeExtents: filters.excludeExtents === true ? true : undefined,
	};
}
