import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { performanceExtents } from '../../../shared/scaleOutModel';
import type { VeeamClient } from '../../../shared/transport/client';
import { scaleOutRepositoryPath } from '../../../shared/transport/paths';
import { scaleOutRepositoryLocator } from '../../descriptions/scaleOutRepositoryLocator.description';
import { scaleOutOutput } from '../../helpers/extentImmutability';
import { readMutationSettings } from '../../helpers/mutationSettings';
import {
	editProperties,
	mergePatch,
	noFieldToChange,
	readEditChange,
	readUpdateFields,
	runEdit,
	settlePatch,
} from '../../helpers/edit';
import { readLocator } from '../../helpers/parameters';
import { readReferenceList, resolveNamedRepositories } from '../../helpers/references';
import { readScaleOutRepository } from '../../helpers/resolve';
import type { ScaleOutUpdate } from '../../helpers/scaleOutUpdate';
import { applyScaleOutUpdate } from '../../helpers/scaleOutUpdate';

const updateFields: INodeProperties[] = [
	{
		displayName: 'Archive After (Days)',
		name: 'archivePeriodDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 90,
	},
	{
		displayName: 'Archive Tier Enabled',
		name: 'archiveTierEnabled',
		type: 'boolean',
		default: true,
		description: 'Whether the archive tier is used (it must already have an extent)',
	},
	{
		displayName: 'Capacity Tier Enabled',
		name: 'capacityTierEnabled',
		type: 'boolean',
		default: true,
		description: 'Whether the capacity tier is used (it must already have an extent)',
	},
	{
		displayName: 'Copy Backups to Capacity Tier',
		name: 'copyPolicyEnabled',
		type: 'boolean',
		default: true,
		description: 'Whether to copy new backups to the capacity tier as soon as they are created',
	},
	{ displayName: 'Description', name: 'description', type: 'string', default: '' },
	{
		displayName: 'Move Backups to Capacity Tier',
		name: 'movePolicyEnabled',
		type: 'boolean',
		default: true,
		description: 'Whether to move inactive backup chains older than the operational restore window',
	},
	{ displayName: 'Name', name: 'name', type: 'string', default: '' },
	{
		displayName: 'Operational Restore Window (Days)',
		name: 'operationalRestorePeriodDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 14,
	},
	{
		displayName: 'Performance Extent Names or IDs',
		name: 'performanceExtentIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getRepositories' },
		default: [],
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'The complete new list of performance extents: extents left out are removed',
	},
	{
		displayName: 'Placement Policy',
		name: 'placementPolicy',
		type: 'options',
		options: [
			{ name: 'Data Locality', value: 'DataLocality' },
			{ name: 'Performance', value: 'Performance' },
		],
		default: 'DataLocality',
	},
];

const properties = editProperties({
	locator: scaleOutRepositoryLocator,
	model: 'scale-out repository',
	updateFields,
	fixed:
		'the ID cannot change (an unchanged one, and the fields this node adds to its outputs, are ignored)',
});

export const description = updateDisplayOptions(
	{ show: { resource: ['scaleOutRepository'], operation: ['update'] } },
	properties,
);

/** Checks the form without asking VBR; extent names are resolved later. */
function readUpdate(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { update: ScaleOutUpdate; extentReferences?: string[] } {
	const fields = ctx.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const update = readUpdateFields(ctx, itemIndex, fields, {
		text: ['name', 'description'],
		emptyAllowed: ['description'],
		wholeNumbers: ['operationalRestorePeriodDays', 'archivePeriodDays'],
		switches: [
			'capacityTierEnabled',
			'copyPolicyEnabled',
			'movePolicyEnabled',
			'archiveTierEnabled',
		],
	}) as ScaleOutUpdate;
	if (fields.placementPolicy !== undefined) {
		update.placementPolicy = fields.placementPolicy as ScaleOutUpdate['placementPolicy'];
	}
	const extentReferences =
		fields.performanceExtentIds === undefined
			? undefined
			: readReferenceList(
					ctx,
					'updateFields.performanceExtentIds',
					'Performance Extents',
					itemIndex,
				);
	if (Object.keys(update).length === 0 && extentReferences === undefined) {
		throw noFieldToChange(ctx, itemIndex);
	}
	return { update, extentReferences };
}

/**
 * Outputs carry extent statuses normalised (a sorted list whatever the revision); a patch made from
 * an output sends them back. Status is VBR's to report, so each extent keeps the status VBR sent.
 */
function withStoredExtentStatus(patch: IDataObject, current: IDataObject): IDataObject {
	const tier = patch.performanceTier as IDataObject | undefined;
	const extents = tier?.performanceExtents;
	if (!Array.isArray(extents)) return patch;
	const stored = new Map(
		performanceExtents(current).map((extent) => [String(extent.id).toLowerCase(), extent]),
	);
	const restored = (extents as IDataObject[]).map((extent) => {
		const known = stored.get(String(extent.id).toLowerCase());
		if (!known || extent.status === undefined) return extent;
		return { ...extent, status: known.status };
	});
	return { ...patch, performanceTier: { ...tier, performanceExtents: restored } };
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: VeeamClient,
): Promise<IDataObject> {
	const settings = readMutationSettings(this, itemIndex);
	const locator = readLocator(this, 'scaleOutRepositoryId', 'scale-out repository', itemIndex);
	const change = readEditChange(this, itemIndex, () => readUpdate(this, itemIndex));

	const current = await readScaleOutRepository(this, client, locator, itemIndex);
	const id = String(current.id);
	if ('form' in change && change.form.extentReferences) {
		change.form.update.performanceExtents = await resolveNamedRepositories(
			this,
			client,
			change.form.extentReferences,
			itemIndex,
		);
	}
	const settled =
		'patch' in change
			? {
					patch: withStoredExtentStatus(
						settlePatch(this, itemIndex, change.patch, current, {
							fixedFields: ['id'],
							// The summaries of the output; extent statuses are restored below.
							outputFields: ['extents', 'capacityExtents', 'archiveExtent'],
						}),
						current,
					),
				}
			: change;
	const path = scaleOutRepositoryPath(id);
	return await runEdit(this, client, itemIndex, settings, {
		operation: 'scaleOutRepository.update',
		what: 'scale-out repository',
		id,
		path,
		current,
		build: () =>
			'patch' in settled
				? mergePatch(current, settled.patch)
				: applyScaleOutUpdate(current, settled.form.update),
		readResult: async () =>
			await scaleOutOutput(
				client,
				await client.request<IDataObject>({ method: 'GET', path }, itemIndex),
				itemIndex,
			),
	});
}
