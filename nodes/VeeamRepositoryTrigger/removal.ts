/** Step: Repository Removed, for the repositories of the last snapshot that VBR no longer lists. */
import { lastSeen } from './details';
import { nextHistory } from './forecastTracking';
import type { RepoRecord, Snapshot } from './snapshot';
import { noStreaks } from './snapshot';
import type { PollContext } from './step';

/** More than this many repositories vanishing (and more than half) must be confirmed. */
const MASS_VANISH_MIN = 3;

/**
 * Polls a repository must be missing before it counts as removed. Most of the known repositories
 * gone at once looks more like a broken answer (a proxy, a VBR restarting) than like an admin's
 * work, and a list read across pages is not atomic: both wait for the next poll.
 */
function confirmationsNeeded(previous: Snapshot, seen: Set<string>, poll: PollContext): number {
	let vanished = 0;
	for (const id of previous.repos.keys()) if (!seen.has(id)) vanished++;
	const massVanish = vanished > MASS_VANISH_MIN && vanished * 2 > previous.repos.size;
	return Math.max(
		poll.settings.sustainedForPolls,
		poll.observation.singlePage && !massVanish ? 1 : 2,
	);
}

/** Reports confirmed removals; keeps the unconfirmed ones in `repos` (the next snapshot). */
export function removedRepositories(
	previous: Snapshot,
	seen: Set<string>,
	repos: Map<string, RepoRecord>,
	poll: PollContext,
): void {
	const confirmations = confirmationsNeeded(previous, seen, poll);
	for (const [id, old] of previous.repos) {
		if (seen.has(id)) continue;
		const missing = old.streaks.missing + 1;
		const watched = poll.settings.isWatched(old.name, old.type);
		if (missing >= confirmations) {
			if (watched && poll.settings.events.has('repositoryRemoved')) {
				poll.events.push({
					event: 'repositoryRemoved',
					repository: lastSeen(id, old),
					previous: null,
					threshold: null,
				});
			}
			continue;
		}
		// Kept while unconfirmed; its other streaks restart (the polls were not consecutive).
		repos.set(id, {
			...old,
			streaks: { ...noStreaks(), missing },
			extentPending: undefined,
			history:
				poll.forecast.on && watched ? nextHistory(poll.forecast, old.history, null) : undefined,
		});
	}
}
