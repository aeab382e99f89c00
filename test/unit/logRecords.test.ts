import { normalizeExtentStatus } from '../../nodes/shared/extentStatus';
import { normalizeLogRecord } from '../../nodes/VeeamRepository/helpers/logRecords';

describe('log record additionalInfo in one shape', () => {
	it('keeps the 1.3-rev2 list and adds it as text', () => {
		const additionalInfo = [
			{ field: 'repository', data: 'Linux Repo 01' },
			{ field: 'result', data: 'Success' },
		];
		expect(normalizeLogRecord({ id: 1, additionalInfo })).toEqual({
			id: 1,
			additionalInfo,
			additionalInfoText: 'repository: Linux Repo 01; result: Success',
		});
	});

	it('turns the 1.3-rev0/rev1 string into one entry and keeps the string as text', () => {
		expect(normalizeLogRecord({ id: 2, additionalInfo: 'Rescan finished' })).toEqual({
			id: 2,
			additionalInfo: [{ field: 'text', data: 'Rescan finished' }],
			additionalInfoText: 'Rescan finished',
		});
		expect(normalizeLogRecord({ id: 3, additionalInfo: '' })).toEqual({
			id: 3,
			additionalInfo: [],
			additionalInfoText: '',
		});
	});

	it('leaves 1.2-rev1 records (none) and shapes it does not know as VBR sent them', () => {
		expect(normalizeLogRecord({ id: 4 })).toEqual({ id: 4 });
		expect(normalizeLogRecord({ id: 5, additionalInfo: { odd: true } })).toEqual({
			id: 5,
			additionalInfo: { odd: true },
		});
	});
});

describe('extent statuses the node does not know', () => {
	it('are kept as VBR sent them, next to known ones in canonical casing', () => {
		expect(normalizeExtentStatus(['Quarantined', 'sealed'])).toEqual(['Quarantined', 'Sealed']);
		expect(normalizeExtentStatus('Quarantined')).toEqual(['Quarantined']);
	});
});
