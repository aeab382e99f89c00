import type { IDataObject } from 'n8n-workflow';

import { UpdateNotApplicable } from './edit';
import { placement } from './scaleOutSpec';

/** The fields the scale-out "Edit" form can change; undefined leaves a field as it is. */
export interface ScaleOutUpdate {
	name?: string;
	description?: string;
	performanceExtents?: Array<{ id: string; name: string }>;
	placementPolicy?: 'DataLocality' | 'Performance';
	capacityTierEnabled?: boolean;
	copyPolicyEnabled?: boolean;
	movePolicyEnabled?: boolean;
	operationalRestorePeriodDays?: number;
	archiveTierEnabled?: boolean;
	archivePeriodDays?: number;
}

/** Applies only what the user set to the model VBR returned, for PUT /scaleOutRepositories/{id}. */
export function applyScaleOutUpdate(current: IDataObject, update: ScaleOutUpdate): IDataObject {
	const model = JSON.parse(JSON.stringify(current)) as IDataObject;
	if (update.name !== undefined) model.name = update.name;
	if (update.description !== undefined) model.description = update.description;
	const tier = (model.performanceTier as IDataObject | undefined) ?? {};
	model.performanceTier = tier;
	if (update.performanceExtents !== undefined) {
		const existing = new Map(
			((tier.performanceExtents as IDataObject[] | undefined) ?? []).map((extent) => [
				String(extent.id).toLowerCase(),
				extent,
			]),
		);
		// Extents that stay keep what VBR reported about them; new ones are added with ID and name.
		tier.performanceExtents = update.performanceExtents.map(
			(extent) => existing.get(extent.id.toLowerCase()) ?? { id: extent.id, name: extent.name },
		);
	}
	const extentIds = ((tier.performanceExtents as IDataObject[] | undefined) ?? []).map((extent) =>
		String(extent.id),
	);
	const currentPlacement = (model.placementPolicy as IDataObject | undefined)?.type;
	if (
		update.placementPolicy !== undefined ||
		(update.performanceExtents !== undefined && currentPlacement === 'Performance')
	) {
		model.placementPolicy = placement(
			String(update.placementPolicy ?? currentPlacement),
			extentIds,
		);
	}
	const capacityFields = [
		update.capacityTierEnabled,
		update.copyPolicyEnabled,
		update.movePolicyEnabled,
		update.operationalRestorePeriodDays,
	];
	if (capacityFields.some((field) => field !== undefined)) {
		const capacity = {
			...((model.capacityTier as IDataObject | undefined) ?? { isEnabled: false }),
		};
		if (update.capacityTierEnabled !== undefined) capacity.isEnabled = update.capacityTierEnabled;
		if (
			capacity.isEnabled === true &&
			!((capacity.extents as IDataObject[] | undefined) ?? []).length
		) {
			throw new UpdateNotApplicable(
				'The capacity tier has no object storage extent; add the capacity tier in JSON mode with its extent',
			);
		}
		if (update.copyPolicyEnabled !== undefined)
			capacity.copyPolicyEnabled = update.copyPolicyEnabled;
		if (update.movePolicyEnabled !== undefined)
			capacity.movePolicyEnabled = update.movePolicyEnabled;
		if (update.operationalRestorePeriodDays !== undefined) {
			capacity.operationalRestorePeriodDays = update.operationalRestorePeriodDays;
		}
		model.capacityTier = capacity;
	}
	if (update.archiveTierEnabled !== undefined || update.archivePeriodDays !== undefined) {
		const archive = { ...((model.archiveTier as IDataObject | undefined) ?? { isEnabled: false }) };
		if (update.archiveTierEnabled !== undefined) archive.isEnabled = update.archiveTierEnabled;
		if (archive.isEnabled === true && !archive.extentId) {
			throw new UpdateNotApplicable(
				'The archive tier has no object storage extent; add the archive tier in JSON mode with its extent',
			);
		}
		if (update.archivePeriodDays !== undefined)
			archive.archivePeriodDays = update.archivePeriodDays;
		model.archiveTier = archive;
	}
	return model;
}
