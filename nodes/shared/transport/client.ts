import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toApiVersion } from '../apiVersion';
import { parseServerUrl } from '../serverUrl';
import type { ApiVersion, VeeamRequest } from '../types';
import { toNodeApiError } from './errors';

export const CREDENTIAL_TYPE = 'veeamBackupApi';

export type VeeamContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** The one way this package talks to VBR: authenticated, TLS per credential, errors mapped. */
export interface VeeamClient {
	readonly apiVersion: ApiVersion;
	readonly baseUrl: string;
	readonly node: INode;
	/** The VBR account of the credential, for audit records (never the password). */
	readonly username: string;
	request<T = IDataObject>(request: VeeamRequest, itemIndex?: number): Promise<T>;
}

function withoutEmpty(qs: IDataObject | undefined): IDataObject | undefined {
	if (!qs) return undefined;
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(qs)) {
		if (value === undefined || value === null || value === '') continue;
		if (Array.isArray(value) && value.length === 0) continue;
		result[key] = value;
	}
	return result;
}

/**
 * Reads the credential once per execution (URL, version, TLS switch). The token itself is managed
 * by n8n: `httpRequestWithAuthentication` runs the credential's preAuthentication when the stored
 * token is empty and once more after a 401, and persists the new token.
 */
export async function createVeeamClient(ctx: VeeamContext): Promise<VeeamClient> {
	const node = ctx.getNode();
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const server = parseServerUrl(credentials.url);
	if (server.url === undefined) {
		throw new NodeOperationError(node, server.problem, {
			description: 'Fix the Server URL in the Veeam Backup & Replication credential.',
		});
	}
	const baseUrl = server.url;
	const apiVersion = toApiVersion(credentials.apiVersion);
	const skipSslCertificateValidation = credentials.allowUnauthorizedCerts === true;

	return {
		apiVersion,
		baseUrl,
		node,
		username: typeof credentials.username === 'string' ? credentials.username : '',
		async request<T>(request: VeeamRequest, itemIndex?: number): Promise<T> {
			const options: IHttpRequestOptions = {
				method: request.method,
				url: `${baseUrl}${request.path}`,
				qs: withoutEmpty(request.qs),
				arrayFormat: 'repeat',
				headers: { accept: 'application/json' },
				json: true,
				skipSslCertificateValidation,
			};
			if (request.body !== undefined) options.body = request.body;
			try {
				return (await ctx.helpers.httpRequestWithAuthentication.call(
					ctx,
					CREDENTIAL_TYPE,
					options,
				)) as T;
			} catch (error) {
				throw toNodeApiError(
					node,
					error,
					{ method: request.method, path: request.path, baseUrl },
					itemIndex,
				);
			}
		},
	};
}
