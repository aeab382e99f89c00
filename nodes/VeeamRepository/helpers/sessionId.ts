import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isUuid } from '../../shared/validation';
import { truncate } from './parameters';

export function readSessionId(ctx: IExecuteFunctions, itemIndex: number): string {
	const raw = ctx.getNodeParameter('sessionId', itemIndex, '') as unknown;
	const value = typeof raw === 'string' ? raw.trim() : raw;
	if (typeof value !== 'string' || !isUuid(value)) {
		throw new NodeOperationError(
			ctx.getNode(),
			value === ''
				? 'No Session ID given'
				: `"${truncate(String(value))}" is not a valid Session ID`,
			{
				description:
					'A session ID is a UUID, such as the `id` of a change started with Wait for Completion off.',
				itemIndex,
			},
		);
	}
	return value.toLowerCase();
}
