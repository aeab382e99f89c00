import { normalizeExtentStatus } from '../../nodes/shared/extentStatus';
import { normalizeScaleOutRepository } from '../../nodes/shared/scaleOutModel';
import { buildScaleOutSpec } from '../../nodes/VeeamRepository/helpers/scaleOutSpec';
import { applyScaleOutUpdate } from '../../nodes/VeeamRepository/helpers/scaleOutUpdate';

describe('extent status normalisation', () => {
	it('turns the 1.2-rev1 single value into a list', () => {
		expect(normalizeExtentStatus('Sealed')).toEqual(['Sealed']);
	});

	it('keeps 1.3 lists and makes any casing PascalCase', () => {
		expect(normalizeExtentStatus(['maintenance', 'Sealed'])).toEqual(['Maintenance', 'Sealed']);
	});

	it('treats a missing status as Normal', () => {
		expect(normalizeExtentStatus(undefined)).toEqual(['Normal']);
		expect(normalizeExtentStatus(null)).toEqual(['Normal']);
	});

	it('adds an extents summary and leaves the input untouched', () => {
		const model = {
			id: 's',
			name: 'S',
			performanceTier: { performanceExtents: [{ id: 'a', name: 'A', status: 'maintenance' }] },
		};
		const normalized = normalizeScaleOutRepository(model);
		expect(normalized.extents).toEqual([
			{ id: 'a', name: 'A', status: ['Maintenance'], isSealed: false, isInMaintenance: true },
		]);
		expect(model.performanceTier.performanceExtents[0].status).toBe('maintenance');
	});
});

describe('scale-out spec and edit', () => {
	it('builds per-extent placement rules for the performance policy', () => {
		const spec = buildScaleOutSpec({
			name: 'S',
			description: '',
			performanceExtentIds: ['a', 'b'],
			placementPolicy: 'Performance',
		});
		expect(spec.placementPolicy).toEqual({
			type: 'Performance',
			settings: [
				{ extentId: 'a', allowedBackups: 'All' },
				{ extentId: 'b', allowedBackups: 'All' },
			],
		});
		expect(spec.capacityTier).toEqual({ isEnabled: false });
	});

	it('keeps what VBR reported about extents that stay and adds new ones by ID and name', () => {
		const current = {
			id: 's',
			name: 'S',
			performanceTier: { performanceExtents: [{ id: 'a', name: 'A', status: ['Sealed'] }] },
			placementPolicy: { type: 'DataLocality' },
		};
		const updated = applyScaleOutUpdate(current, {
			performanceExtents: [
				{ id: 'a', name: 'A' },
				{ id: 'b', name: 'B' },
			],
		});
		expect(
			(updated.performanceTier as { performanceExtents: unknown[] }).performanceExtents,
		).toEqual([
			{ id: 'a', name: 'A', status: ['Sealed'] },
			{ id: 'b', name: 'B' },
		]);
	});

	it('refuses to enable a capacity tier that has no extent', () => {
		expect(() =>
			applyScaleOutUpdate(
				{ id: 's', capacityTier: { isEnabled: false } },
				{ capacityTierEnabled: true },
			),
		).toThrow(/no object storage extent/);
	});
});
