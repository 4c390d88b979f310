import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { menuHistory, menuTemplate } from '../../src/main/menu';

const items = (menu: MenuItemConstructorOptions[], label: string) =>
  menu.find((m) => m.label === label)!.submenu as MenuItemConstructorOptions[];

describe('menu', () => {
  const actions = {
    newProject: vi.fn(),
    openProject: vi.fn(),
    openRecent: vi.fn(),
    importCorpus: vi.fn(),
    exportTaxonomy: vi.fn(),
    undo: vi.fn(),
    redo: vi.fn(),
  };

  it('has New, Open, Open Recent, Import Corpus, Export, Undo and Redo, wired to the app', () => {
    const menu = menuTemplate(actions, ['/a.taxonomist', '/b.taxonomist'], 'linux');
    const file = items(menu, 'File');
    expect(file.map((i) => i.label ?? i.role ?? i.type)).toEqual([
      'New Project…',
      'Open Project…',
      'Open Recent',
      'separator',
      'Import Corpus…',
      'Export Taxonomy…',
      'separator',
      'quit',
    ]);
    const recent = file[2]!.submenu as MenuItemConstructorOptions[];
    recent[1]!.click!({} as never, undefined, {} as never);
    expect(actions.openRecent).toHaveBeenCalledWith('/b.taxonomist');
    const edit = items(menu, 'Edit');
    expect(edit.slice(0, 2).map((i) => [i.label, i.accelerator])).toEqual([
      ['Undo', 'CmdOrCtrl+Z'],
      ['Redo', 'Shift+CmdOrCtrl+Z'],
    ]);
    edit[1]!.click!({} as never, undefined, {} as never);
    expect(actions.redo).toHaveBeenCalled();
  });

  it('disables Open Recent when there is nothing recent, and adds the app menu on macOS', () => {
    expect(items(menuTemplate(actions, [], 'linux'), 'File')[2]!.enabled).toBe(false);
    expect(menuTemplate(actions, [], 'darwin')[0]).toEqual({ role: 'appMenu' });
  });

  it('names the edit Undo and Redo would take, from the history answers the page receives', () => {
    const entry = (label: string) => ({ id: 1, kind: 'topic-rename', label, at: '' });
    const state = menuHistory('history:undo', {
      entry: entry('lock “B”'),
      history: { undo: entry('rename “Speech”'), redo: entry('lock “B”') },
    });
    expect(state).toEqual({ undo: 'rename “Speech”', redo: 'lock “B”' });
    expect(menuHistory('history:get', { undo: null, redo: null })).toEqual({ undo: null, redo: null });
    expect(menuHistory('topics:list', { topics: [] })).toBeNull();
    const edit = items(menuTemplate(actions, [], 'linux', state!), 'Edit');
    expect(edit.slice(0, 2).map((i) => [i.label, i.enabled])).toEqual([
      ['Undo rename “Speech”', undefined],
      ['Redo lock “B”', undefined],
    ]);
  });
});
