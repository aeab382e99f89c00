import type { INodeProperties } from 'n8n-workflow';

/** How the node behaves when VBR or the network misbehaves (defaults: DEFAULT_TRANSPORT). */
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
			typeOptions: { minValue: 1, maxValue: 50 },
			default: 1,
			description:
				'How many input items to process at the same time. 1 (the default) runs them one after another; more speeds up many reads but loads VBR more.',
		},
		{
			displayName: 'Max Response Size (MB)',
			name: 'maxResponseSizeMb',
			type: 'number',
			typeOptions: { minValue: 0.001, maxValue: 1024, numberPrecision: 3 },
			default: 32,
			description:
				"An answer from VBR larger than this fails with a clear error instead of filling n8n's memory. A page of 5,000 repositories is about 5 MB; n8n's memory grows by up to about twice this value while such an answer is read.",
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60,
			description:
				'How long one request may take, from sending to the last byte of the answer (the login included), before it fails with a timeout',
		},
		{
			displayName: 'Retries',
			name: 'retries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10 },
			default: 3,
			description:
				'How often to repeat a read after a network error, a timeout or a 500/502/503/504 answer, with exponential backoff. Changes are never repeated blindly: after an unclear failure the node checks VBR first.',
		},
		{
			displayName: 'Retry Delay (Ms)',
			name: 'retryDelayMs',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 500,
			description:
				'The first wait before a retry; it doubles with each attempt and gets random jitter',
		},
	],
};
