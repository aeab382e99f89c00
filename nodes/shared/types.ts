import type { IDataObject } from 'n8n-workflow';

/** API revisions this package speaks, oldest first; the `x-api-version` of every request. */
export type ApiVersion = '1.2-rev1' | '1.3-rev0' | '1.3-rev1' | '1.3-rev2';

export const API_VERSIONS: readonly ApiVersion[] = ['1.2-rev1', '1.3-rev0', '1.3-rev1', '1.3-rev2'];

export interface PaginationResult extends IDataObject {
	total: number;
	count: number;
	skip?: number;
	limit?: number;
}

export interface ListResult<T> {
	data: T[];
	pagination?: PaginationResult;
}

export interface SessionModel extends IDataObject {
	id: string;
	name: string;
	sessionType: string;
	state: string;
	creationTime: string;
	endTime?: string;
	progressPercent?: number;
	result?: { result: string; message?: string; isCanceled?: boolean };
	resourceId?: string;
	resourceReference?: string;
	initiatedBy?: string;
}

export interface RepositoryModel extends IDataObject {
	id: string;
	name: string;
	description: string;
	type: string;
}

export interface RepositoryStateModel extends IDataObject {
	id: string;
	name: string;
	type: string;
	capacityGB: number;
	freeGB: number;
	usedSpaceGB: number;
	isOnline?: boolean;
	isOutOfDate?: boolean;
}

/** A request an operation wants to make: built first, sent (or shown in a dry run) afterwards. */
export interface VeeamRequest {
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	path: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	/**
	 * Ends the request when aborted: no retry, no second send after a 401, and an answer still on
	 * its way is dropped (a list stops the pages it read ahead once its walk is over).
	 */
	signal?: AbortSignal;
}
