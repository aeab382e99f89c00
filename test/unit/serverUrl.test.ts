import { parseServerUrl } from '../../nodes/shared/serverUrl';

describe('parseServerUrl', () => {
	it.each([
		['https://vbr.example.local:9419', 'https://vbr.example.local:9419'],
		['vbr.example.local:9419', 'https://vbr.example.local:9419'],
		['https://vbr.example.local:9419/', 'https://vbr.example.local:9419'],
		['https://vbr.example.local:9419/api', 'https://vbr.example.local:9419'],
		['https://vbr.example.local:9419/api/v1/', 'https://vbr.example.local:9419'],
		['https://vbr.example.local:9419/swagger/index.html', 'https://vbr.example.local:9419'],
		['  HTTPS://VBR.example.local:9419  ', 'https://vbr.example.local:9419'],
		['http://127.0.0.1:9419', 'http://127.0.0.1:9419'],
		['http://localhost:9419', 'http://localhost:9419'],
		['https://[::1]:9419', 'https://[::1]:9419'],
	])('accepts %s', (typed, expected) => {
		expect(parseServerUrl(typed)).toEqual({ url: expected });
	});

	it.each([
		['', /empty/],
		['http://vbr.example.local:9419', /https:\/\//],
		['ftp://vbr.example.local', /https:\/\//],
		['https://vbr.example.local:9419/other/path', /not at "\/other\/path"/],
		['https://user:pw@vbr.example.local:9419', /user name or password/],
		['https://vbr.example.local:9419/?x=1', /query/],
		['https://vbr example', /not a valid Server URL/],
	])('refuses %s', (typed, message) => {
		const result = parseServerUrl(typed);
		expect(result.url).toBeUndefined();
		expect(result.problem).toMatch(message);
	});
});
