import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { TransportSettings } from '../../shared/transport/client';
import { DEFAULT_TRANSPORT } from '../../shared/transport/client';

/**
 * The Request Options block: how the node behaves when VBR or the network misbehaves, for the whole
 * execution. The defaults are the transport's own (DEFAULT_TRANSPORT), so the trigger, which has no
 * such options, behaves like a node left at its defaults.
 */
const DEFAULT_CONCURRENCY = 1;
/** More parallel requests than this would mostly load VBR, not speed up n8n. */
const MAX_CONCURRENCY = 50;
const MAX_RETRIES = 10;
const MIN_TIMEOUT_SECONDS = 0.1;

const MEGABYTE = 1024 * 1024;
/** n8n holds an answer in memory several times over while it parses and outputs it. */
const MAX_RESPONSE_SIZE_MB = 1024;
const MIN_RESPONSE_SIZE_MB = 0.001;

const DEFAULT_RESPONSE_SIZE_MB = DEFAULT_TRANSPORT.maxResponseBytes / MEGABYTE;
const DEFAULT_TIMEOUT_SECONDS = DEFAULT_TRANSPORT.timeoutMs / 1000;
const DEFAULT_RETRIES = DEFAULT_TRANSPORT.retries;
const DEFAULT_RETRY_DELAY_MS = DEFAULT_TRANSPORT.retryDelayMs;

export const requestOptions: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
			default: DEFAULT_CONCURRENCY,
			description:
				'How many input items to process at the same time. 1 (the default) runs them one after another; more speeds up many reads but loads VBR more.',
		},
		{
			displayName: 'Max Response Size (MB)',
			name: 'maxResponseSizeMb',
			type: 'number',
			typeOptions: {
				minValue: MIN_RESPONSE_SIZE_MB,
				maxValue: MAX_RESPONSE_SIZE_MB,
				numberPrecision: 3,
			},
			default: DEFAULT_RESPONSE_SIZE_MB,
			description:
				"An answer from VBR larger than this fails with a clear error instead of filling n8n's memory. A page of 5,000 repositories is about 5 MB; n8n's memory grows by up to about twice this value while such an answer is read.",
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_TIMEOUT_SECONDS,
			description:
				'How long one request may take, from sending to the last byte of the answer (the login included), before it fails with a timeout',
		},
		{
			displayName: 'Retries',
			name: 'retries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: MAX_RETRIES },
			default: DEFAULT_RETRIES,
			description:
				'How often to repeat a read after a network error, a timeout or a 500/502/503/504 answer, with exponential backoff. Changes are never repeated blindly: after an unclear failure the node checks VBR first.',
		},
		{
			displayName: 'Retry Delay (Ms)',
			name: 'retryDelayMs',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: DEFAULT_RETRY_DELAY_MS,
			description:
				'The first wait before a retry; it doubles with each attempt and gets random jitter',
		},
	],
};

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
		concurrency: Math.floor(
			number('concurrency', 'Concurrency', DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY),
		),
		transport: {
			timeoutMs:
				number(
					'timeoutSeconds',
					'Request Timeout (Seconds)',
					DEFAULT_TIMEOUT_SECONDS,
					MIN_TIMEOUT_SECONDS,
				) * 1000,
			retries: Math.floor(number('retries', 'Retries', DEFAULT_RETRIES, 0, MAX_RETRIES)),
			retryDelayMs: number('retryDelayMs', 'Retry Delay (Ms)', DEFAULT_RETRY_DELAY_MS, 0),
			maxResponseBytes: Math.floor(
				number(
					'maxResponseSizeMb',
					'Max Response Size (MB)',
					DEFAULT_RESPONSE_SIZE_MB,
					MIN_RESPONSE_SIZE_MB,
					MAX_RESPONSE_SIZE_MB,
				) * MEGABYTE,
			),
		},
	};
}
