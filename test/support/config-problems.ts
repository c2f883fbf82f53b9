/** The problems a config text yields when read as `file`: none is an empty list; any other error is thrown. */
import { ConfigError, loadClusterConfig } from '../../lib/plan/config-load';

export function configProblemsOf(text: string, file: string): string[] {
  try {
    loadClusterConfig(text, file);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
}
