import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Return All / Limit and the page size, checked before anything is sent. */
export function readLimit(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): { limit: number | undefined; pageSize: number | undefined } {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : Number(ctx.getNodeParameter('limit', itemIndex, 50));
	if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
		throw new NodeOperationError(ctx.getNode(), 'Limit must be a whole number of at least 1', {
			itemIndex,
		});
	}
	const pageSize = options.pageSize === undefined ? undefined : Number(options.pageSize);
	if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1)) {
		throw new NodeOperationError(ctx.getNode(), 'Page Size must be a whole number of at least 1', {
			itemIndex,
		});
	}
	return { limit, pageSize };
}
