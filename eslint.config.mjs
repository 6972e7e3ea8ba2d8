// Lint: typescript-eslint's type-checked recommendations (above all: no promise left
// unawaited, since every storage port is async), and the folder rules of ARCHITECTURE.md
// (no import cycles; a folder imports only the folders below it).
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/**
 * The folder rules (ARCHITECTURE.md): each folder may import only what is below it. For
 * every folder, the folders it must not import from.
 */
const FOLDERS = [
  'attachments',
  'nlu',
  'orders',
  'privacy',
  'cluster',
  'http',
  'mail',
  'agents',
  'content',
  'handoff',
  'analytics',
  'dialogs',
  'bots',
  'channels',
  'store',
  'app',
];
const MAY_IMPORT = {
  attachments: [],
  nlu: [],
  orders: [],
  privacy: ['nlu'],
  cluster: [],
  http: [],
  mail: [],
  agents: [],
  content: ['nlu', 'privacy'],
  handoff: ['nlu', 'content', 'cluster', 'http', 'agents', 'orders', 'attachments'],
  analytics: ['nlu', 'content', 'handoff', 'privacy'],
  dialogs: ['nlu', 'content', 'handoff', 'analytics', 'orders', 'attachments'],
  bots: ['nlu', 'content', 'handoff', 'analytics', 'dialogs', 'cluster', 'channels', 'attachments'],
  channels: ['http', 'cluster', 'attachments'],
  store: ['nlu', 'orders', 'privacy', 'cluster', 'agents', 'content', 'handoff', 'analytics', 'channels', 'attachments'],
  app: FOLDERS,
};
const folderZones = FOLDERS.filter((folder) => folder !== 'app').map((folder) => ({
  target: `./${folder}`,
  from: FOLDERS.filter((other) => other !== folder && !MAY_IMPORT[folder].includes(other)).map((other) => `./${other}`),
  message: `${folder}/ may import only ${MAY_IMPORT[folder].join(', ') || 'no other folder of ours'} (see ARCHITECTURE.md)`,
}));
/** The cores stay plain TypeScript: Bot Framework types only at the edges (bots, dialogs, channels, store's state adapter, app). */
const PLAIN = ['attachments', 'nlu', 'orders', 'privacy', 'cluster', 'http', 'mail', 'agents', 'content', 'handoff', 'analytics'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/**', 'build/**', 'data/**', 'eslint.config.mjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { typescript: true, node: true } },
    rules: {
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // botbuilder's string enums (ActivityTypes…) are compared with the activities' string fields by design.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { zones: folderZones }],
    },
  },
  {
    files: PLAIN.map((folder) => `${folder}/**/*.ts`),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['botbuilder', 'botbuilder-*', 'botframework-*'],
              message: 'plain TypeScript here: Bot Framework types belong in bots/, dialogs/ and channels/',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read untyped JSON answers (`any`) on purpose: the assertions are the type check there.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      // chai's property assertions (`expect(x).to.exist`) are expressions by design.
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  prettier,
  // Build scripts are plain CommonJS run by node before anything is compiled.
  { files: ['scripts/**/*.js'], ...tseslint.configs.disableTypeChecked },
  { files: ['scripts/**/*.js'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
