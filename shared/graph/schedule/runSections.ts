/**
 * Collection as a declared dependency graph. Each collector is one SectionJob: the section it fills,
 * the sections whose results it reads, the permission it needs, and a body. Every job starts at
 * once and awaits an input only where it uses it, so a job whose requests need nothing from other
 * sections (a per-user chain, say) is not held back by them; its requests go through the one
 * request pool with everybody else's.
 *
 * A failed input fails only the jobs that declared it `required` (they become `dependency`
 * unknowns); an abort (deadline) makes every unfinished section a timeout unknown, and nothing
 * here throws for a section failure.
 */
import type { SectionName, Sections } from "../../snapshot/types.js";
import { UserError } from "../../errors.js";
import { dependencyFailure, sectionFailure } from "../sectionFailure.js";

/** What one finished job hands to the jobs that read it: its section, and data only collection uses. */
export interface JobResult<S extends SectionName = SectionName, Extra = unknown> {
  section: Sections[S];
  /** Never stored (e.g. the synced-user id set); undefined when the section failed. */
  extra?: Extra;
}

/**
 * Inputs resolve with the finished section, ok or not. When a `required` one is unknown the job's
 * own result is replaced by a dependency failure, so a job need not check it.
 */
export interface JobInputs {
  /** Resolves when `name` is finished; `name` must be among the job's `needs`. */
  get<S extends SectionName, Extra = unknown>(name: S): Promise<JobResult<S, Extra>>;
}

export interface SectionJob<S extends SectionName = SectionName> {
  section: S;
  /** Sections this job reads; `required` ones make it a dependency failure when they are unknown. */
  needs: readonly { section: SectionName; required: boolean }[];
  /** The application permission its requests need (shared/graph/permissions.ts). */
  permission: string;
  run(inputs: JobInputs, options: { abortSignal?: AbortSignal }): Promise<JobResult<S>>;
}

/** Checks the graph: one job per section, needs declared, no cycles. Throws UserError (a wiring mistake). */
export function checkJobGraph(jobs: readonly SectionJob[]): void {
  const bySection = new Map<SectionName, SectionJob>();
  for (const job of jobs) {
    if (bySection.has(job.section)) throw new UserError(`Two collectors are registered for section ${job.section}.`);
    bySection.set(job.section, job);
  }
  for (const job of jobs) {
    for (const need of job.needs) {
      if (!bySection.has(need.section)) {
        throw new UserError(`Collector ${job.section} needs ${need.section}, which no collector fills.`);
      }
    }
  }
  const state = new Map<SectionName, "visiting" | "done">();
  const visit = (section: SectionName, path: SectionName[]): void => {
    if (state.get(section) === "done") return;
    if (state.get(section) === "visiting") {
      throw new UserError(`Collectors depend on each other in a cycle: ${[...path, section].join(" -> ")}.`);
    }
    state.set(section, "visiting");
    for (const need of bySection.get(section)!.needs) visit(need.section, [...path, section]);
    state.set(section, "done");
  };
  for (const job of jobs) visit(job.section, []);
}

export async function runSections(
  jobs: readonly SectionJob[],
  options: { abortSignal?: AbortSignal; onSection?: (section: SectionName, result: JobResult) => void } = {},
): Promise<Map<SectionName, JobResult>> {
  checkJobGraph(jobs);
  const started = new Map<SectionName, Promise<JobResult>>();
  const settle = (job: SectionJob): Promise<JobResult> => {
    const missing: SectionName[] = [];
    const inputs: JobInputs = {
      get: async <N extends SectionName, Extra>(name: N) => {
        const need = job.needs.find((n) => n.section === name);
        if (!need) throw new UserError(`Collector ${job.section} reads ${name} without declaring it in needs.`);
        const result = (await started.get(name)!) as JobResult<N, Extra>;
        if (need.required && result.section.status !== "ok" && !missing.includes(name)) missing.push(name);
        return result;
      },
    };
    return Promise.resolve()
      .then(() => job.run(inputs, options.abortSignal ? { abortSignal: options.abortSignal } : {}))
      .catch((error: unknown): JobResult => ({
        section: sectionFailure(job.section, options.abortSignal?.aborted ? options.abortSignal.reason : error),
      }))
      .then((result): JobResult => (missing.length > 0 ? { section: dependencyFailure(job.section, missing) } : result))
      .then((result) => {
        options.onSection?.(job.section, result);
        return result;
      });
  };
  // All promises exist before any job runs, so a job can await any declared input.
  const deferred = new Map<SectionName, (job: SectionJob) => void>();
  for (const job of jobs) {
    started.set(job.section, new Promise<JobResult>((resolve) => deferred.set(job.section, (j) => resolve(settle(j)))));
  }
  for (const job of jobs) deferred.get(job.section)!(job);
  const results = new Map<SectionName, JobResult>();
  for (const job of jobs) results.set(job.section, await started.get(job.section)!);
  return results;
}

/** The section of a result when its type is known by name. */
export function sectionOf<S extends SectionName>(results: Map<SectionName, JobResult>, name: S): Sections[S] {
  const result = results.get(name);
  if (!result) throw new UserError(`No collector filled section ${name}.`);
  return result.section as Sections[S];
}
