export { authHeaders, redactUrl, type SourceAuth } from './auth.js';
export { checkSource, fetchSource, type FetchResult, type SourceCheck, type SourceSpec } from './fetch-source.js';
export { nodeHttpClient, type HttpClientOptions } from './http-client.js';
export { readTopologyAt } from './read-topology.js';
export { FETCHED_REF, readFetched, repoDir } from './state-repo.js';
