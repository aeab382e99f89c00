import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { describeConnectionError } from '../nodes/shared/connectionErrors';
import { parseServerUrl } from '../nodes/shared/serverUrl';
import { LOGIN_PATH } from '../nodes/shared/transport/paths';
import {
	cachedTlsRequestOptions,
	readTlsPolicy,
	withServerTrust,
} from '../nodes/shared/transport/tls';

/**
 * An error from the login step that already says what to fix. The node transport recognises the
 * marker and shows the message as it is instead of a generic HTTP error.
 */
class VeeamLoginError extends Error {
	readonly veeamLoginFailure = true;

	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
	}
}

function explainLoginFailure(error: unknown, baseUrl: string, apiVersion: string): VeeamLoginError {
	const response = (error as { response?: { status?: number; data?: unknown } })?.response;
	const body = (response?.data ?? {}) as IDataObject;
	const veeamMessage = typeof body.message === 'string' ? body.message : '';
	if (response?.status === 400 && /api version/i.test(veeamMessage)) {
		return new VeeamLoginError(
			`This VBR server does not support API version ${apiVersion}: ${veeamMessage}`,
			'Choose the API version of your server in the credential: VBR 12.3.1 → 1.2-rev1, VBR 13.0.0 → 1.3-rev0, VBR 13.0.1 and later → 1.3-rev1.',
		);
	}
	if (response?.status === 400 || response?.status === 401 || response?.status === 403) {
		return new VeeamLoginError(
			`VBR refused the login: wrong username or password${veeamMessage ? ` (${veeamMessage})` : ''}`,
			'Check the username (for a domain account: DOMAIN\\user) and the password. The account needs a built-in VBR role and must not require MFA: use a dedicated service account.',
		);
	}
	const connection = describeConnectionError(error, baseUrl);
	if (connection) return new VeeamLoginError(connection.message, connection.description);
	if (response?.status !== undefined) {
		return new VeeamLoginError(
			`VBR login failed with HTTP ${response.status}${veeamMessage ? `: ${veeamMessage}` : ''}`,
			`The token request to ${baseUrl}${LOGIN_PATH} did not succeed.`,
		);
	}
	return new VeeamLoginError(
		`Cannot log in to VBR at ${baseUrl}: ${(error as Error)?.message ?? 'unknown error'}`,
		'Check the Server URL and that n8n can reach the VBR server.',
	);
}

export class VeeamBackupApi implements ICredentialType {
	name = 'veeamBackupApi';

	displayName = 'Veeam Backup & Replication API';

	icon: Icon = {
		light: 'file:../icons/veeam.svg',
		dark: 'file:../icons/veeam.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-veeam-backup/n8n-nodes-veeam-backup?tab=readme-ov-file#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Server URL',
			name: 'url',
			type: 'string',
			default: '',
			placeholder: 'https://vbr.example.local:9419',
			description:
				'Address of the Veeam Backup & Replication server with the REST API port (9419 by default)',
			required: true,
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			placeholder: 'DOMAIN\\svc-n8n',
			description: 'A VBR user without MFA, ideally a dedicated service account',
			required: true,
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'options',
			options: [
				{ name: '1.2-rev1 (VBR 12.3.1)', value: '1.2-rev1' },
				{ name: '1.3-rev0 (VBR 13.0.0)', value: '1.3-rev0' },
				{ name: '1.3-rev1 (VBR 13.0.1 and Later)', value: '1.3-rev1' },
			],
			default: '1.3-rev1',
			description:
				'Revision sent in the x-api-version header; it must be one your VBR server supports',
		},
		{
			displayName: 'Trusted Certificate Fingerprint (SHA-256)',
			name: 'trustedFingerprint',
			type: 'string',
			default: '',
			placeholder: 'AB:CD:EF:…',
			description:
				"Trust exactly this certificate (VBR's self-signed one, for example), also when connecting by IP address. Copy it from the node's error, the VBR console or openssl. When set, Ignore SSL Issues has no effect.",
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSslIssues',
			type: 'boolean',
			default: false,
			description:
				'Whether to connect even if SSL certificate validation is not possible. Prefer the Trusted Certificate Fingerprint.',
		},
		// "Ignore SSL Issues" as versions before the rename stored it; kept so those credentials still
		// connect (n8n drops stored fields the credential no longer declares). Hidden; masked because the
		// community rules read "cert" in a name as a secret. A fingerprint overrides it.
		{
			displayName: 'Ignore SSL Issues (Earlier Versions)',
			name: 'allowUnauthorizedCerts',
			type: 'hidden',
			typeOptions: { password: true },
			default: false,
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/** OAuth2 password grant; n8n stores the token and calls this again when it is empty or after a 401. */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const server = parseServerUrl(credentials.url);
		if (server.url === undefined) {
			throw new VeeamLoginError(server.problem, 'Fix the Server URL in the credential.');
		}
		const baseUrl = server.url;
		const tls = readTlsPolicy(credentials);
		if (tls.policy === undefined) {
			throw new VeeamLoginError(tls.problem, 'Fix the fingerprint in the credential, or empty it.');
		}
		const apiVersion = String(credentials.apiVersion ?? '1.3-rev1');
		const form = new URLSearchParams({
			grant_type: 'password',
			username: String(credentials.username ?? ''),
			password: String(credentials.password ?? ''),
		});
		let response: IDataObject;
		try {
			response = (await withServerTrust(this.helpers, baseUrl, tls.policy, async (trust) =>
				this.helpers.httpRequest({
					...trust,
					method: 'POST',
					url: `${baseUrl}${LOGIN_PATH}`,
					headers: {
						'x-api-version': apiVersion,
						'content-type': 'application/x-www-form-urlencoded',
						accept: 'application/json',
					},
					body: form.toString(),
					json: true,
				}),
			)) as IDataObject;
		} catch (error) {
			throw explainLoginFailure(error, baseUrl, apiVersion);
		}
		if (typeof response?.access_token !== 'string' || response.access_token === '') {
			throw new VeeamLoginError(
				'VBR answered the login without an access token',
				`The token endpoint ${baseUrl}${LOGIN_PATH} returned an unexpected body.`,
			);
		}
		return { accessToken: response.access_token };
	}

	/**
	 * Bearer token and API revision on every request. A function rather than generic expressions:
	 * n8n evaluates generic header expressions on every request, which costs more than the request
	 * to a nearby VBR server.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		requestOptions.headers = {
			...requestOptions.headers,
			Authorization: `Bearer ${String(credentials.accessToken ?? '')}`,
			'x-api-version': String(credentials.apiVersion ?? '1.3-rev1'),
		};
		// The credential test's request reaches VBR only through here; its login (preAuthentication)
		// has probed a pinned certificate already. Node requests set the same options themselves.
		if (requestOptions.agentOptions === undefined) {
			Object.assign(
				requestOptions,
				cachedTlsRequestOptions(
					parseServerUrl(credentials.url).url,
					readTlsPolicy(credentials).policy,
				),
			);
		}
		return requestOptions;
	}

	// The same URL forms as normalizeServerUrl: missing scheme, trailing slash, /api or /api/v1 suffix.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ (/^https?:\\/\\//i.test($credentials.url.trim()) ? "" : "https://") + $credentials.url.trim().replace(/\\/+$/, "").replace(/\\/(api(\\/v1)?|swagger(\\/index\\.html)?)$/i, "") }}',
			url: '/api/v1/serverInfo',
			// authenticate() sets the TLS options; this covers a request it does not see.
			skipSslCertificateValidation:
				'={{ !$credentials.trustedFingerprint && ($credentials.ignoreSslIssues === true || $credentials.allowUnauthorizedCerts === true) }}' as unknown as boolean,
		},
	};
}
