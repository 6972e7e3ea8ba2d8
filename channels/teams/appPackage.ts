import { ZipFile } from 'yazl';
import { balieIcons } from './png';

export interface TeamsAppOptions {
  /** The Azure Bot's Microsoft App ID (a GUID): also the Teams app id. */
  readonly appId: string;
  readonly version: string;
  readonly shortName: string;
  readonly companyName: string;
  /** https URL of the company's site; its host becomes the valid domain. */
  readonly websiteUrl: string;
}

const ACCENT: [number, number, number, number] = [31, 95, 191, 255];

/** manifest.json for a Teams app with Balie as its bot (schema 1.17), usable in personal chats, teams and group chats. */
export function teamsManifest(options: TeamsAppOptions): Record<string, unknown> {
  const site = new URL(options.websiteUrl);
  return {
    $schema: 'https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json',
    manifestVersion: '1.17',
    version: options.version,
    id: options.appId,
    developer: {
      name: options.companyName,
      websiteUrl: site.origin,
      privacyUrl: new URL('/privacy', site).href,
      termsOfUseUrl: new URL('/terms', site).href,
    },
    name: { short: options.shortName.slice(0, 30), full: `${options.shortName} customer service`.slice(0, 100) },
    description: {
      short: 'Answers your questions about orders, delivery and returns, in Dutch and English.'.slice(0, 80),
      full:
        'Ask about your order, delivery, returns, refunds, payments or your account, in Dutch or English. ' +
        'When the assistant cannot help, it passes you to a colleague with the whole conversation, so you never have to repeat yourself.',
    },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: '#1F5FBF',
    bots: [
      {
        botId: options.appId,
        scopes: ['personal', 'team', 'groupChat'],
        supportsFiles: false,
        isNotificationOnly: false,
        commandLists: [
          {
            scopes: ['personal', 'team', 'groupChat'],
            commands: [
              { title: 'help', description: 'What the assistant can help with' },
              { title: 'Where is my order?', description: 'Status and track & trace of an order' },
              { title: 'agent', description: 'Talk to a colleague' },
            ],
          },
        ],
      },
    ],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [site.hostname],
  };
}

/** A zip of the files, in order, at the top level (yazl). */
function zip(files: readonly { name: string; data: Buffer }[]): Promise<Buffer> {
  const archive = new ZipFile();
  for (const file of files) archive.addBuffer(file.data, file.name);
  archive.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    archive.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    archive.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    archive.outputStream.on('error', reject);
  });
}

/** The zip Teams accepts for upload: manifest.json, color.png and outline.png at the top level. */
export async function teamsAppPackage(
  options: TeamsAppOptions,
): Promise<{ manifest: Record<string, unknown>; files: { name: string; data: Buffer }[]; zip: Buffer }> {
  const manifest = teamsManifest(options);
  const icons = balieIcons(ACCENT);
  const files = [
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    { name: 'color.png', data: icons.color },
    { name: 'outline.png', data: icons.outline },
  ];
  return { manifest, files, zip: await zip(files) };
}
