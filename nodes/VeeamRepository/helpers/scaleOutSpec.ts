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

/** placementPolicy of the spec and of an edited model: Performance needs a rule per extent. */
export function placement(type: string, extentIds: string[]): IDataObject {
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
