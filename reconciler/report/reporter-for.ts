/** The reporter for a configured forge target. */
import { giteaReporter } from './gitea.js';
import { githubReporter } from './github.js';
import { gitlabReporter } from './gitlab.js';
import type { HttpDeps } from './http.js';
import type { ForgeTarget, StatusReporter } from './status.js';

export function reporterFor(target: ForgeTarget, deps: HttpDeps = {}): StatusReporter {
  switch (target.forge) {
    case 'github': return githubReporter(target, deps);
    case 'gitea': return giteaReporter(target, deps);
    case 'gitlab': return gitlabReporter(target, deps);
  }
}
