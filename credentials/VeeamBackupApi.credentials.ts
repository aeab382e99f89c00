import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { AUTOMATIC } from '../nodes/shared/apiVersion';
import { headerApiVersion, prepareLogin, runLogin } from '../nodes/shared/transport/login';
import { SERVER_INFO_PATH } from '../nodes/shared/transport/paths';
import { VeeamLoginError } from '../nodes/shared/loginError';
import { parseServerUrl } from '../nodes/shared/serverUrl';
import {
	cachedTlsRequestOptions,
	readTlsPolicy,
	withServerTrust,
} from '../nodes/shared/transport/tls';

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
				{
					name: 'Automatic',
					value: 'auto',
					description:
						'The newest revision both this node and the VBR server support, learned at login',
				},
				{ name: '1.2-rev1 (VBR 12.3.1)', value: '1.2-rev1' },
				{ name: '1.3-rev0 (VBR 13.0.0)', value: '1.3-rev0' },
				{ name: '1.3-rev1 (VBR 13.0.1)', value: '1.3-rev1' },
				{ name: '1.3-rev2 (VBR 13.1)', value: '1.3-rev2' },
			],
			default: 'auto',
			description:
				'REST API revision (the x-api-version header). Automatic chooses at login; a pinned revision must be one your VBR server supports.',
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
		// The revision the stored token was issued for (Automatic learns it at login): n8n stores it
		// with the token, so later executions need no request to know it.
		{
			displayName: 'Negotiated API Version',
			name: 'negotiatedApiVersion',
			type: 'hidden',
			default: '',
		},
	];

	/**
	 * OAuth2 password grant; n8n stores the token and calls this again when it is empty. Bounded like
	 * every request (the execution's timeout, poll budget and size cap, carried by the transport on
	 * the credential object; 60 s without one), no redirect followed, VBR's texts scrubbed.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const login = prepareLogin(credentials);
		const tls = readTlsPolicy(credentials);
		if (tls.policy === undefined) {
			throw new VeeamLoginError(
				tls.problem,
				'Fix the fingerprint in the credential, or empty it.',
				'refused',
			);
		}
		const tlsPolicy = tls.policy;
		const { accessToken, apiVersion } = await runLogin(
			login,
			async (request, timeout, abortSignal) =>
				await withServerTrust(
					this.helpers,
					login.baseUrl,
					tlsPolicy,
					async (trust) =>
						await this.helpers.httpRequest({ ...request, timeout, abortSignal, ...trust }),
					timeout,
				),
		);
		// Only Automatic's choice is kept: a credential switched to Automatic later chooses afresh.
		return { accessToken, negotiatedApiVersion: login.setting === AUTOMATIC ? apiVersion : '' };
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
			'x-api-version': headerApiVersion(credentials),
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

	/**
	 * The same URL forms as parseServerUrl: missing scheme, trailing slash, /api or /api/v1 suffix.
	 * preAuthentication logs in first (its failures name what to fix); a redirect is not followed
	 * here either, and is reported as such instead of as "Connection successful".
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ (/^https?:\\/\\//i.test($credentials.url.trim()) ? "" : "https://") + $credentials.url.trim().replace(/\\/+$/, "").replace(/\\/(api(\\/v1)?|swagger(\\/index\\.html)?)$/i, "") }}',
			url: SERVER_INFO_PATH,
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
			// authenticate() sets the TLS options; this covers a request it does not see.
			skipSslCertificateValidation:
				'={{ !$credentials.trustedFingerprint && ($credentials.ignoreSslIssues === true || $credentials.allowUnauthorizedCerts === true) }}' as unknown as boolean,
		},
		rules: [301, 302, 303, 307, 308].map((value) => ({
			type: 'responseCode' as const,
			properties: {
				value,
				message: `The Server URL answered with a redirect (HTTP ${value}); it was not followed. Point the Server URL at the VBR server itself (https://<vbr-host>:9419).`,
			},
		})),
	};
}
