import { REDACTED, SecretRegistry } from '../../nodes/shared/transport/redaction';

describe('SecretRegistry', () => {
	const password = 'p a+s"s/w&ord\\é';

	it('removes a password in every form it takes on the wire or in JSON', () => {
		const secrets = new SecretRegistry();
		secrets.addPassword(password);
		const forms = [
			password,
			encodeURIComponent(password),
			new URLSearchParams({ p: password }).toString().slice(2),
			JSON.stringify(password).slice(1, -1),
		];
		for (const form of forms) {
			expect(secrets.scrub(`before ${form} after`)).toBe(`before ${REDACTED} after`);
		}
	});

	it('keeps JSON valid when a JSON-escaped secret is removed from a raw answer', () => {
		const secrets = new SecretRegistry();
		secrets.addPassword(password);
		const issued = ['header', 'payload', 'signature'].join('.');
		secrets.add(issued);
		const raw = JSON.stringify({
			message: `bad ${password}`,
			bearer: issued,
		});
		expect(JSON.parse(secrets.scrub(raw))).toEqual({
			message: `bad ${REDACTED}`,
			bearer: REDACTED,
		});
	});

	it('removes a secret that contains another one whole', () => {
		const secrets = new SecretRegistry();
		secrets.add('abcd');
		secrets.add('xxabcdxx');
		expect(secrets.scrub('[xxabcdxx]')).toBe(`[${REDACTED}]`);
	});

	it('ignores secrets too short to search for, and non-strings', () => {
		const secrets = new SecretRegistry();
		secrets.add('abc');
		secrets.add(undefined);
		secrets.addPassword('');
		expect(secrets.scrub('abc abc')).toBe('abc abc');
	});
});
