/**
 * An error whose message is meant for the user as is (a bad argument, an unknown tracker name):
 * the CLI prints it on one line with exit code 2. Here, not in main/cli/, because the services
 * below the CLI (evaluation, tracker creation) raise it too and must not import the CLI.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
