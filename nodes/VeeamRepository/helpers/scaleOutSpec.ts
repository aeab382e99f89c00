import type { IDataObject } from 'n8n-workflow';

/** What the scale-out "Add" form collects; IDs are already checked to be UUIDs. */
export interface ScaleOutForm {
	name: string;
	description: string;
	performanceExtentIds: string[];
	placementPolicy: 'DataLocality' | 'Performance';
	capacityTier?: {
		extentId: string;
		copyPolicyEnabled: boolean;
		movePolicyEnabled: boolean;
		operationalRestorePeriodDays: number;
	};
	archiveTier?: { extentId: string; archivePeriodDays: number };
	perVmBackup?: boolean;
	fullWhenExtentOffline?: boolean;
}

function placement(type: string, extentIds: string[]): IDataObject {
	// Performance placement needs a rule per extent; "All" keeps every extent usable for fulls and
	// increments. Finer rules go through JSON mode.
	return type === 'Performance'
		? { type, settings: extentIds.map((extentId) => ({ extentId, allowedBackups: 'All' })) }
		: { type };
}

/** ScaleOutRepositorySpec for POST /scaleOutRepositories (the same in 1.2-rev1 and 1.3). */
export function buildScaleOutSpec(form: ScaleOutForm): IDataObject {
	const advancedSettings: IDataObject = {};
	if (form.perVmBackup !== undefined) advancedSettings.perVmBackup = form.perVmBackup;
	if (form.fullWhenExtentOffline !== undefined)
		advancedSettings.fullWhenExtentOffline = form.fullWhenExtentOffline;
	const spec: IDataObject = {
		name: form.name,
		description: form.description,
		performanceTier: {
			performanceExtents: form.performanceExtentIds.map((id) => ({ id })),
			...(Object.keys(advancedSettings).length > 0 ? { advancedSettings } : {}),
		},
		placementPolicy: placement(form.placementPolicy, form.performanceExtentIds),
		capacityTier: form.capacityTier
			? {
					isEnabled: true,
					extents: [{ id: form.capacityTier.extentId }],
					copyPolicyEnabled: form.capacityTier.copyPolicyEnabled,
					movePolicyEnabled: form.capacityTier.movePolicyEnabled,
					operationalRestorePeriodDays: form.capacityTier.operationalRestorePeriodDays,
				}
			: { isEnabled: false },
		archiveTier: form.archiveTier
			? {
					isEnabled: true,
					extentId: form.archiveTier.extentId,
					archivePeriodDays: form.archiveTier.archivePeriodDays,
				}
			: { isEnabled: false },
	};
	return spec;
}

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

export class ScaleOutUpdateNotPossible extends Error {}

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
			throw new ScaleOutUpdateNotPossible(
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
			throw new ScaleOutUpdateNotPossible(
				'The archive tier has no object storage extent; add the archive tier in JSON mode with its extent',
			);
		}
		if (update.archivePeriodDays !== undefined)
			archive.archivePeriodDays = update.archivePeriodDays;
		model.archiveTier = archive;
	}
	return model;
}
