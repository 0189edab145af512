/** dlan's version: `dlan --version`, the man page and the Debian package (a test keeps it equal to package.json's). */
export const VERSION = '0.1.0';
