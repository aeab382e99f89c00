/**
 * Turns what a user typed into the credential's URL field into the base URL every request uses.
 * VBR serves its REST API under /api on port 9419; users paste the server name, the Swagger URL or
 * the API root, so those forms are accepted and anything else is refused with a message that says
 * what to type instead.
 */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
const EXAMPLE = 'Enter it like https://vbr.example.local:9419';

export type ServerUrl = { url: string; problem?: undefined } | { url?: undefined; problem: string };

function isLoopback(hostname: string): boolean {
	return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

function parse(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}

export function parseServerUrl(raw: unknown): ServerUrl {
	const typed = typeof raw === 'string' ? raw.trim() : '';
	if (typed === '') return { problem: `The Server URL is empty. ${EXAMPLE}` };
	const url = parse(/^[a-z][a-z0-9+.-]*:\/\//i.test(typed) ? typed : `https://${typed}`);
	if (!url) return { problem: `"${typed}" is not a valid Server URL. ${EXAMPLE}` };
	const scheme = url.protocol.toLowerCase();
	if (scheme !== 'https:' && scheme !== 'http:') {
		return {
			problem: `The Server URL must start with https:// (got ${url.protocol}//)`,
		};
	}
	// Plain HTTP would send the password in clear text; only a local simulator or proxy may use it.
	if (scheme === 'http:' && !isLoopback(url.hostname)) {
		return {
			problem:
				'The Server URL must use https:// (VBR serves its REST API over HTTPS); http:// is accepted only for localhost',
		};
	}
	if (url.username || url.password) {
		return {
			problem:
				'Do not put a user name or password in the Server URL; use the Username and Password fields',
		};
	}
	if (url.search || url.hash) {
		return {
			problem: `The Server URL must not contain a query or fragment. ${EXAMPLE}`,
		};
	}
	const path = url.pathname.replace(/\/+$/, '');
	if (!/^(\/api(\/v1)?|\/swagger(\/index\.html)?)?$/i.test(path)) {
		return {
			problem: `The Server URL must point at the VBR server, not at "${path}". ${EXAMPLE}`,
		};
	}
	return { url: `${scheme}//${url.host}` };
}
