import {
	formatFingerprint,
	normalizeFingerprint,
	readTlsPolicy,
} from '../../nodes/shared/transport/tls';

const HEX = '78ad2158976f7588ce6678f5cab0dd3e2498fd40bbf9e2f868e9259d5454c5b2';
const COLONS = formatFingerprint(HEX);

describe('normalizeFingerprint', () => {
	it.each([
		['colon-separated upper case', COLONS],
		['lower case hex', HEX],
		['upper case hex', HEX.toUpperCase()],
		['spaces between pairs', COLONS.replace(/:/g, ' ')],
		['as openssl prints it', `SHA256 Fingerprint=${COLONS}`],
		['as openssl 3 prints it', `sha256 Fingerprint=${COLONS}`],
		['with a SHA-256: prefix', `SHA-256: ${COLONS}`],
		['surrounded by whitespace and a newline', `  ${COLONS}\n`],
	])('reads %s', (_form, typed) => {
		expect(normalizeFingerprint(typed)).toBe(HEX);
	});

	it('treats an empty field as no fingerprint', () => {
		expect(normalizeFingerprint('')).toBe('');
		expect(normalizeFingerprint('   ')).toBe('');
		expect(normalizeFingerprint(undefined)).toBe('');
	});

	it.each([
		['too short', 'AB:CD'],
		['a SHA-1 fingerprint', `SHA1 Fingerprint=${COLONS.slice(0, 59)}`],
		['not hex', 'zz'.repeat(32)],
		['one digit too many', `${HEX}0`],
		['not a string', 42],
	])('refuses %s', (_kind, typed) => {
		expect(normalizeFingerprint(typed)).toBeUndefined();
	});

	it('formats as colon-separated upper case pairs', () => {
		expect(COLONS).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
	});
});

describe('readTlsPolicy', () => {
	it('pins when a fingerprint is set, whatever the ignore switches say', () => {
		expect(
			readTlsPolicy({
				trustedFingerprint: COLONS,
				ignoreSslIssues: true,
				allowUnauthorizedCerts: true,
			}),
		).toEqual({ policy: { mode: 'pin', fingerprint: HEX } });
	});

	it('ignores with the new switch or with the field name of earlier versions', () => {
		expect(readTlsPolicy({ ignoreSslIssues: true })).toEqual({ policy: { mode: 'ignore' } });
		expect(readTlsPolicy({ ignoreSslIssues: false, allowUnauthorizedCerts: true })).toEqual({
			policy: { mode: 'ignore' },
		});
		expect(readTlsPolicy({ ignoreSslIssues: false, allowUnauthorizedCerts: false })).toEqual({
			policy: { mode: 'system' },
		});
	});

	it('names the field and the expected form for an invalid fingerprint', () => {
		expect(readTlsPolicy({ trustedFingerprint: 'AB:CD' }).problem).toMatch(
			/Trusted Certificate Fingerprint \(SHA-256\).*64 hexadecimal digits/,
		);
	});
});
