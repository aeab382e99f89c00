import { computeUsage } from '../../nodes/shared/capacity';

describe('computeUsage', () => {
	it('computes used from capacity minus free, not from the logical usedSpaceGB', () => {
		expect(computeUsage({ capacityGB: 1000, freeGB: 250, usedSpaceGB: 4000 })).toEqual({
			usedPercent: 75,
			freePercent: 25,
		});
	});

	it('rounds to two decimals', () => {
		expect(computeUsage({ capacityGB: 3, freeGB: 1 })).toEqual({
			usedPercent: 66.67,
			freePercent: 33.33,
		});
	});

	it.each([0, -1])(
		'returns nulls for an unknown capacity of %d instead of dividing by it',
		(capacityGB) => {
			expect(computeUsage({ capacityGB, freeGB: 10 })).toEqual({
				usedPercent: null,
				freePercent: null,
			});
		},
	);

	it('returns nulls for missing or negative numbers', () => {
		expect(computeUsage({})).toEqual({ usedPercent: null, freePercent: null });
		expect(computeUsage({ capacityGB: 100, freeGB: -1 })).toEqual({
			usedPercent: null,
			freePercent: null,
		});
	});

	it('caps free space reported above capacity at 100 %', () => {
		expect(computeUsage({ capacityGB: 100, freeGB: 120 })).toEqual({
			usedPercent: 0,
			freePercent: 100,
		});
	});
});
