import type { IDataObject } from 'n8n-workflow';

import type { ApiVersionSetting } from '../apiVersion';
import {
	AUTOMATIC,
	VBR_RELEASE_OF,
	describeNodeVersions,
	newestCommon,
	olderThan,
	parseSupportedVersions,
} from '../apiVersion';
import { VeeamLoginError } from '../loginError';
import type { ApiVersion } from '../types';

/**
 * Choosing the API revision at login. VBR answers a token request in a revision it does not
 * speak with HTTP 400 and a message that lists the ones it does; Automatic then logs in with the
 * newest revision both sides know. Nothing here sends a request.
 */

/** An answer that refuses the revision, with the revisions it names (possibly none). */
export interface VersionRefusal {
	message: string;
	supported: string[];
}

/** VBR's "unsupported API version" answer, in any of the wordings VBR releases use. */
export function versionRefusalOf(status: number, body: IDataObject): VersionRefusal | undefined {
	const message = typeof body.message === 'string' ? body.message : '';
	const aboutVersion = /api version/i.test(message) || body.errorCode === 'NotImplemented';
	if (status !== 400 || !aboutVersion) return undefined;
	return { message, supported: parseSupportedVersions(message) };
}

/**
 * The revision Automatic tries after `refusal`: the newest both know when VBR listed its own, else
 * the next older one this node speaks. Undefined when there is nothing left to try.
 */
export function nextVersion(
	refusal: VersionRefusal,
	tried: readonly ApiVersion[],
): ApiVersion | undefined {
	const next =
		refusal.supported.length > 0
			? newestCommon(refusal.supported)
			: olderThan(tried[tried.length - 1]);
	return next !== undefined && !tried.includes(next) ? next : undefined;
}

/** The error when no revision is left: what VBR speaks, what the node speaks, what to do. */
export function versionRefusalError(
	setting: ApiVersionSetting,
	refused: ApiVersion,
	refusal: VersionRefusal,
): VeeamLoginError {
	const offered = refusal.supported.length
		? `VBR supports ${refusal.supported.join(', ')}`
		: 'VBR did not say which revisions it supports';
	if (setting !== AUTOMATIC) {
		const common = newestCommon(refusal.supported);
		return new VeeamLoginError(
			`This VBR server does not support API version ${refused}: ${refusal.message}`,
			`${offered}. Choose Automatic in the credential${common ? `, or pin ${common}` : ''}. This node speaks ${describeNodeVersions()}.`,
			'refused',
		);
	}
	return new VeeamLoginError(
		`This VBR server speaks no API revision this node knows: ${refusal.message}`,
		`${offered}; this node speaks ${describeNodeVersions()} (VBR 12.3.1 and later). Update VBR or this package.`,
		'refused',
	);
}

/** Why the login used `chosen`, for the credential's users (shown by the credential test). */
export function choiceReason(
	setting: ApiVersionSetting,
	chosen: ApiVersion,
	refusal: VersionRefusal | undefined,
	preferred: ApiVersion | undefined,
): string {
	const release = `${chosen} (${VBR_RELEASE_OF[chosen]})`;
	if (setting !== AUTOMATIC) return `API ${release}, set in the credential`;
	if (!refusal) {
		return chosen === preferred
			? `API ${release}, the revision this execution started with`
			: `API ${release}, the newest this node speaks, which VBR accepts`;
	}
	return refusal.supported.length
		? `API ${release}, the newest both support (VBR supports ${refusal.supported.join(', ')})`
		: `API ${release}, the newest VBR accepted (its answer named no revisions)`;
}
