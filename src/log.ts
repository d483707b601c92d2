/** Where providers and the HTTP client write their lines; main.ts redacts each one. A leaf module. */
export interface Log {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
}
