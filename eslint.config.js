import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/**
 * The house (docs/architecture.md): a room imports at run time only from rooms below it.
 *   shared base  src/errors.ts, src/ports.ts, src/config.ts, src/metrics.ts, src/log.ts, src/signature.ts
 *   domain       src/domain                     (pure; may use src/ui/format.ts, pure formatting)
 *   data, ui     src/db, src/ui                 (neither imports the other)
 *   workflows    workflows/<room>               (other rooms only through their index.ts)
 *   commands     commands/
 *   edges        src/interactions, src/platforms, src/http, src/delivery, src/connectors, src/ai, src/mail
 *   roots        src/main.ts, src/cli/, src/platforms/index.ts, src/deps.ts, src/config-file.ts
 * Type-only imports may cross (workflows import the types of the connectors they are handed),
 * never a runtime import; import-x/no-cycle forbids runtime cycles everywhere.
 */
const layer = {
  db: '**/db/**',
  ui: '**/ui/**',
  workflows: '**/workflows/**',
  commands: '**/commands/**',
  interactions: '**/interactions/**',
  platforms: '**/platforms/**',
  http: '**/http/**',
  delivery: '**/delivery/**',
  connectors: '**/connectors/**',
  ai: '**/ai/**',
  mail: '**/mail/**',
  roots: ['**/main.js', '**/cli/**', '**/cli.js', '**/config-file.js'],
};
const edges = ['interactions', 'platforms', 'http', 'delivery', 'connectors', 'ai', 'mail'];
const chatSdks = ['@slack/*', 'discord.js', 'fastify', 'nodemailer', 'imapflow', 'openai', 'openai/*'];

/** `files` may not import the `above` layers at run time (types are fine). */
function below(files, above, extra = []) {
  return {
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            ...above.map((name) => ({
              group: [layer[name]].flat(),
              allowTypeImports: true,
              message: `${files.join(', ')} sit below ${name}: a runtime import points uphill (docs/architecture.md). Hand the function in, or move the shared piece down.`,
            })),
            ...extra,
          ],
        },
      ],
    },
  };
}

const noSdk = {
  group: chatSdks,
  message: 'the domain, workflows and commands never import a chat, HTTP or SMTP library; go through the ports and the View.',
};

export default tseslint.config(
  { ignores: ['node_modules/', '.data*/', 'coverage/', 'dist/', 'src/db/migrations/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'commands/**/*.ts', 'workflows/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  below(
    ['src/errors.ts', 'src/ports.ts', 'src/config.ts', 'src/metrics.ts', 'src/log.ts'],
    ['db', 'ui', 'workflows', 'commands', ...edges, 'roots'],
  ),
  below(
    ['src/domain/**/*.ts'],
    ['db', 'workflows', 'commands', ...edges, 'roots'],
    [
      {
        group: ['**/ui/**', '!**/ui/format.js'],
        allowTypeImports: true,
        message: 'the domain uses only src/ui/format.ts of the ui layer.',
      },
      noSdk,
    ],
  ),
  below(['src/db/**/*.ts'], ['ui', 'workflows', 'commands', ...edges, 'roots']),
  below(['src/ui/**/*.ts'], ['db', 'workflows', 'commands', ...edges, 'roots']),
  below(
    ['workflows/**/*.ts'],
    ['commands', ...edges, 'roots'],
    [
      noSdk,
      {
        // A room reaches another room through its index.ts, its public face.
        regex: '^\\.\\.?/(?!src/)[a-z-]+/(?!index\\.js$)[^/]+$',
        message: 'import another room through its index.ts (workflows/<room>/index.js).',
      },
    ],
  ),
  below(['commands/**/*.ts'], [...edges, 'roots'], [noSdk]),
  // Edges: the dispatcher and connectors and HTTP routes are handed the workflows they call.
  below(['src/interactions/**/*.ts'], ['workflows', 'platforms', 'http', 'delivery', 'connectors', 'mail', 'roots']),
  below(['src/connectors/**/*.ts', 'src/http/**/*.ts'], ['workflows', 'commands', 'interactions', 'platforms', 'delivery', 'roots']),
  below(['src/delivery/**/*.ts'], ['workflows', 'commands', 'interactions', 'platforms', 'http', 'connectors', 'roots']),
  below(
    ['src/platforms/{slack,discord,console}/**/*.ts', 'src/platforms/adapter*.ts'],
    ['workflows', 'http', 'delivery', 'connectors', 'roots'],
  ),
);
