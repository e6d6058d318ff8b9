'use strict';
// What the guard in front of decap-server lets through (guarded-server.js wires it).
//
// A page on any site the staff member visits can reach 127.0.0.1:8081 by DNS rebinding:
// its own hostname re-resolves to 127.0.0.1, so its requests are same-origin to it, pass
// any CORS rule, and carry `Host: evil.example:8081`. decap-server answers them and
// writes anywhere in the checkout (`.git/hooks/` is code git runs). So: the Host must
// be this server's own loopback address, an Origin (when sent) the preview's, and every
// path in a request must lie in the folders and files the editor config names.

const fs = require('fs');
const path = require('path');

// decap-server's fs and git actions (dist/index.js, defaultSchema); every other is refused.
const ACTIONS = {
  fs: ['info', 'entriesByFolder', 'entriesByFiles', 'getEntry', 'persistEntry', 'getMedia', 'getMediaFile',
    'persistMedia', 'deleteFile', 'deleteFiles', 'getDeployPreview'],
  git: ['unpublishedEntries', 'unpublishedEntry', 'unpublishedEntryDataFile', 'unpublishedEntryMediaFile',
    'deleteUnpublishedEntry', 'updateUnpublishedEntryStatus', 'publishUnpublishedEntry'],
};
// The body fields decap-server reads as paths, as folders to list, and as names it
// builds branch names from (git mode).
const FILE_KEYS = new Set(['path', 'newPath']);
const LIST_KEYS = new Set(['paths']);
const FOLDER_KEYS = new Set(['folder', 'mediaFolder']);
const NAME_KEYS = new Set(['slug', 'collection', 'collectionName', 'id']);
const DEEPEST = 6; // decap's bodies nest 4 levels (params.dataFiles[0].path)
const LONGEST_PATH = 400;
// Controls, format characters (bidi, zero-width), line/paragraph separators; the
// backslash and colon: path separators or drive letters and streams on Windows.
const FORBIDDEN_CHARACTER = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\\:]/u;

class Refusal extends Error {
  constructor(status, reason, detail) {
    super(reason);
    this.status = status;
    this.detail = detail;
  }
}

function allowedActions(mode) {
  return new Set(mode === 'git' ? [...ACTIONS.fs, ...ACTIONS.git] : ACTIONS.fs);
}

// A path as the editor writes it: relative, '/'-separated, no '.'/'..'/hidden segments
// (`.git`, `.github`), nothing Windows reads as a separator. Checked as sent and
// percent-decoded, so no layer that decodes can make it mean something else.
function lexicalSegments(value) {
  if (typeof value !== 'string' || value.length === 0 || value.length > LONGEST_PATH) return null;
  let decoded;
  try {
    decoded = decodeURIComponent(value);
  } catch (error) {
    return null;
  }
  for (const form of new Set([value, decoded])) {
    if (FORBIDDEN_CHARACTER.test(form) || form.startsWith('/')) return null;
    if (form.split('/').some((segment) => segment === '' || segment.startsWith('.'))) return null;
  }
  return value.split('/');
}

// Case-sensitive on purpose: on a case-insensitive disk `DATA/Fees` is data/fees, and
// refusing it costs nothing (the editor writes the names its config gives).
function insideEditable(segments, editable, { folderItself }) {
  const joined = segments.join('/');
  if (editable.files.includes(joined)) return true;
  return editable.folders.some((folder) => joined.startsWith(`${folder}/`) || (folderItself && joined === folder));
}

// decap-server follows symbolic links when it writes; one in data/ pointing at .git/
// would pass any check of the name. No existing part of the path may be one.
async function symlinkOnTheWay(repo, segments) {
  let current = repo;
  for (const segment of segments) {
    current = path.join(current, segment);
    try {
      if ((await fs.promises.lstat(current)).isSymbolicLink()) return true;
    } catch (error) {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return false;
      throw error;
    }
  }
  return false;
}

async function checkPath(value, key, policy, folderItself) {
  const segments = lexicalSegments(value);
  if (!segments || !insideEditable(segments, policy.editable, { folderItself })) {
    throw new Refusal(403, '路径不在网页编辑器的内容文件夹里', `${key}=${value}`);
  }
  if (await symlinkOnTheWay(policy.repo, segments)) {
    throw new Refusal(403, '路径经过一个符号链接', `${key}=${value}`);
  }
}

function checkName(value, key) {
  const ok = typeof value === 'string' && value.length > 0 && value.length <= LONGEST_PATH &&
    !FORBIDDEN_CHARACTER.test(value) && !value.split('/').some((segment) => segment.startsWith('.'));
  if (!ok) throw new Refusal(403, '名称里有不允许的字符', `${key}=${value}`);
}

// An entry renamed stays in its folder: with `hasSubfolders` decap-server moves every
// file of the old folder along, which must never carry a folder into another.
function checkRename(item) {
  if (typeof item.path !== 'string' || path.posix.dirname(item.path) !== path.posix.dirname(item.newPath)) {
    throw new Refusal(403, '改名不能把文件移到别的文件夹', `path=${item.path} newPath=${item.newPath}`);
  }
}

// Every field anywhere in params whose name decap-server reads as a path or a name.
async function checkFields(value, policy, depth) {
  if (depth > DEEPEST) throw new Refusal(403, '请求嵌套太深', `depth>${DEEPEST}`);
  if (Array.isArray(value)) {
    for (const item of value) await checkFields(item, policy, depth + 1);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, field] of Object.entries(value)) {
    if (FILE_KEYS.has(key) || FOLDER_KEYS.has(key)) await checkPath(field, key, policy, FOLDER_KEYS.has(key));
    else if (LIST_KEYS.has(key)) {
      if (!Array.isArray(field)) throw new Refusal(403, '路径列表格式不对', key);
      for (const item of field) await checkPath(item, key, policy, false);
    } else if (NAME_KEYS.has(key)) checkName(field, key);
    else await checkFields(field, policy, depth + 1);
  }
  if ('newPath' in value) checkRename(value);
}

async function checkBody(body, policy) {
  const action = body && typeof body === 'object' ? body.action : undefined;
  if (!policy.actions.has(action)) throw new Refusal(403, '不支持的操作', `action=${action}`);
  await checkFields(body.params, policy, 0);
}

// A value from the request as a log line may show it: one line, every invisible or
// line-breaking character as ⟨U+XXXX⟩ (as src/schoolpub/echo.py does), long numbers
// (mobile, ID) hidden, cut at 120 characters.
function visible(value) {
  let text = String(value);
  if (text.length > 120) text = `${text.slice(0, 120)}…（共 ${text.length} 个字符）`;
  return text.replace(/\d{11,}[\dXx]*/g, '〔号码已隐去〕').replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu,
    (character) => `⟨U+${character.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

module.exports = { Refusal, allowedActions, checkBody, visible };
