import { ApplicationError } from 'n8n-workflow';

import { isUuid } from '../validation';

/** Every VBR path this package calls is built here, so a user-supplied ID can never change a path. */
export const LOGIN_PATH = '/api/oauth2/token';
export const SERVER_INFO_PATH = '/api/v1/serverInfo';
export const REPOSITORIES_PATH = '/api/v1/backupInfrastructure/repositories';
export const REPOSITORY_STATES_PATH = `${REPOSITORIES_PATH}/states`;
export const REPOSITORIES_RESCAN_PATH = `${REPOSITORIES_PATH}/rescan`;
export const SCALE_OUT_REPOSITORIES_PATH = '/api/v1/backupInfrastructure/scaleOutRepositories';
export const MANAGED_SERVERS_PATH = '/api/v1/backupInfrastructure/managedServers';
export const CREDENTIALS_PATH = '/api/v1/credentials';
export const CLOUD_CREDENTIALS_PATH = '/api/v1/cloudCredentials';
export const SESSIONS_PATH = '/api/v1/sessions';

function withId(base: string, id: string): string {
	// Operations validate IDs with a message naming the parameter; this is the last line of defence.
	if (!isUuid(id)) throw new ApplicationError(`Refusing to build a VBR path with a non-UUID ID`);
	return `${base}/${encodeURIComponent(id)}`;
}

export const repositoryPath = (id: string): string => withId(REPOSITORIES_PATH, id);
export const repositoryAccessPermissionsPath = (id: string): string =>
	`${repositoryPath(id)}/accessPermissions`;
export const scaleOutRepositoryPath = (id: string): string =>
	withId(SCALE_OUT_REPOSITORIES_PATH, id);
export const managedServerPath = (id: string): string => withId(MANAGED_SERVERS_PATH, id);
export const sessionPath = (id: string): string => withId(SESSIONS_PATH, id);
export const sessionLogsPath = (id: string): string => `${withId(SESSIONS_PATH, id)}/logs`;

export type ExtentModeAction =
	| 'enableSealedMode'
	| 'disableSealedMode'
	| 'enableMaintenanceMode'
	| 'disableMaintenanceMode';

export const extentModePath = (scaleOutRepositoryId: string, action: ExtentModeAction): string =>
	`${scaleOutRepositoryPath(scaleOutRepositoryId)}/${action}`;
