import type { CommandCall } from './commands';
import { performCommand } from './commands';
import type { Tree } from './tree';

/** Undo and redo over an in-memory tree (the editor in the app keeps one; the store keeps the lasting copy). */
export class EditHistory {
  readonly tree: Tree;
  private readonly done: { call: CommandCall; inverse: CommandCall }[] = [];
  private readonly undone: CommandCall[] = [];

  constructor(tree: Tree) {
    this.tree = tree;
  }

  apply(call: CommandCall): void {
    this.done.push(performCommand(this.tree, call));
    this.undone.length = 0;
  }

  undo(): boolean {
    const last = this.done.pop();
    if (!last) return false;
    performCommand(this.tree, last.inverse);
    this.undone.push(last.call);
    return true;
  }

  redo(): boolean {
    const next = this.undone.pop();
    if (!next) return false;
    this.done.push(performCommand(this.tree, next));
    return true;
  }
}
