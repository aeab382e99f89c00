import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { TransportSettings } from '../../shared/transport/client';
import { DEFAULT_TRANSPORT } from '../../shared/transport/client';

/** More parallel requests than this would mostly load VBR, not speed up n8n. */
const MAX_CONCURRENCY = 50;

const MEGABYTE = 1024 * 1024;
/** n8n holds an answer in memory several times over while it parses and outputs it. */
const MAX_RESPONSE_SIZE_MB = 1024;

/** Request Options apply to the whole execution; checked before anything is sent. */
export function readExecutionSettings(ctx: IExecuteFunctions): {
	transport: TransportSettings;
	concurrency: number;
} {
	const options = ctx.getNodeParameter('requestOptions', 0, {}) as IDataObject;
	const number = (name: string, label: string, fallback: number, min: number, max = Infinity) => {
		if (options[name] === undefined || options[name] === null || options[name] === '')
			return fallback;
		const value = Number(options[name]);
		if (!Number.isFinite(value) || value < min || value > max) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Request Options: "${label}" must be a number from ${min}${max === Infinity ? ' up' : ` to ${max}`}`,
				{
					description: `Got ${JSON.stringify(options[name])}.`,
				},
			);
		}
		return value;
	};
	return {
		concurrency: Math.floor(number('concurrency', 'Concurrency', 1, 1, MAX_CONCURRENCY)),
		transport: {
			timeoutMs:
				number(
					'timeoutSeconds',
					'Request Timeout (Seconds)',
					DEFAULT_TRANSPORT.timeoutMs / 1000,
					0.1,
				) * 1000,
			retries: Math.floor(number('retries', 'Retries', DEFAULT_TRANSPORT.retries, 0, 10)),
			retryDelayMs: number('retryDelayMs', 'Retry Delay (Ms)', DEFAULT_TRANSPORT.retryDelayMs, 0),
			maxResponseBytes: Math.floor(
				number(
					'maxResponseSizeMb',
					'Max Response Size (MB)',
					DEFAULT_TRANSPORT.maxResponseBytes / MEGABYTE,
					0.001,
					MAX_RESPONSE_SIZE_MB,
				) * MEGABYTE,
			),
		},
	};
}
