// The Papers view: the library grouped by theme, year, venue, type or first author, optionally filtered by the same
// search as the citation picker. The grouping itself lives in src/core/grouping.ts; this file only maps it to tree
// items and keeps the view's message and context keys in step with the filter.
//
// A library may hold 100,000 works. The parse worker sorts a file's works where it parses them, and the tree merges
// the library's sorted lists (sorting here only a list that came without its order) in time slices, once per change
// of the library, not per grouping or filter, with VS Code's progress bar showing meanwhile; and a group lists its
// works a page at a time, as VS Code asks for the item of every child it is given. The sorted, filtered and grouped
// lists are positions in the library's list (WorkList), so a large file's works are made only as a page lists them.
import * as vscode from 'vscode';
import { Commands, ContextKeys, InternalCommands, Settings, Views } from '../constants';
import { DEFAULT_GROUP_BY, GroupBy, PaperGroup, groupSortedSteps, isGroupBy } from '../core/grouping';
import { Library } from '../core/library';
import { Paper } from '../core/model';
import { PaperSearcher, filterPapersSteps, normaliseFilterQuery } from '../core/paperFilter';
import { sortPartsSteps } from '../core/referenceOrder';
import { CancellableRun, CancellationFlag, CancelledError, runInSlices, YieldToHost } from '../core/search/steps';
import { PickedWorkList, WorkList } from '../core/workList';
import {
  authorYearDescription, fullTitle, paperTooltipMarkdown, shortTitle, sourceUrl, typeIconId, typeName, workCount,
} from '../core/paperLabels';

export interface GroupNode {
  readonly kind: 'group';
  readonly group: PaperGroup;
}

export interface PaperNode {
  readonly kind: 'paper';
  readonly paper: Paper;
  readonly parent: GroupNode;
}

/** "Show more": the next page of a group's works. */
export interface MoreNode {
  readonly kind: 'more';
  readonly parent: GroupNode;
}

export type PapersNode = GroupNode | PaperNode | MoreNode;

/** The roots of one build of the tree. */
interface Roots {
  nodes: GroupNode[];
  /** How many works the filter lets through (all of them without a filter), each counted once. */
  visible: number;
}

/** Longest run of sorting, filtering or grouping between two yields to the extension host's other work. */
const SLICE_MS = 8;

/** How many works a group lists at first, and how many more each "Show more" adds. */
export const WORKS_PER_PAGE = 500;

/** What the tree shows of a node, as plain data: for the integration tests and anything else reading the tree. */
export interface TreeNodeSnapshot {
  id?: string;
  label: string;
  description?: string;
  tooltip?: string;
  contextValue?: string;
  icon?: string;
  command?: { command: string; arguments?: unknown[] };
  children?: TreeNodeSnapshot[];
}

const GROUP_ICONS: Record<GroupBy, string> = {
  theme: 'tag',
  year: 'calendar',
  venue: 'library',
  type: 'symbol-class',
  firstAuthor: 'person',
};

/** The tree's contextValue for a work: menus match `^paper` and `linked`. */
export function paperContextValue(paper: Paper): string {
  return sourceUrl(paper) ? 'paper;linked' : 'paper';
}

export class PapersTreeProvider implements vscode.TreeDataProvider<PapersNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PapersNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  private groupByValue: GroupBy;
  private query: string | undefined;
  /** Bumped by each new filter, so groups get fresh ids and open expanded on the matches. */
  private filterGeneration = 0;
  private roots: CancellableRun<Roots> | undefined;
  /** The library's works in reference-list order, for the list of works they were sorted from. */
  private sorted: { works: WorkList; run: CancellableRun<WorkList> } | undefined;
  /** How many works each group lists (by its tree id), where "Show more" raised it above WORKS_PER_PAGE. */
  private readonly shown = new Map<string, number>();
  private readonly subscriptions: vscode.Disposable[] = [];

  /** `yieldToHost`: how the sort, filter and grouping slices give the event loop back (see TurnQueue). */
  constructor(
    private readonly library: Library,
    private readonly searcher: PaperSearcher,
    groupBy: GroupBy = DEFAULT_GROUP_BY,
    private readonly yieldToHost?: YieldToHost,
  ) {
    this.groupByValue = groupBy;
    // Rebuilt lazily: the search index is rebuilt on the same event, and may not be ready when this listener runs.
    this.subscriptions.push(library.onDidChange(() => {
      this.sorted?.run.cancel();
      this.invalidate();
    }), this.changed);
    // A large library is filtered with the previous index until its own is ready: filtered again then.
    const indexSubscription = searcher.onDidChangeIndex?.(() => {
      if (this.query) this.invalidate();
    });
    if (indexSubscription) this.subscriptions.push(indexSubscription);
  }

  get groupBy(): GroupBy {
    return this.groupByValue;
  }

  set groupBy(value: GroupBy) {
    if (value === this.groupByValue) return;
    this.groupByValue = value;
    this.invalidate();
  }

  get filter(): string | undefined {
    return this.query;
  }

  set filter(query: string | undefined) {
    const normalised = normaliseFilterQuery(query);
    if (normalised === this.query) return;
    this.query = normalised;
    this.filterGeneration++;
    this.invalidate();
  }

  /** How many works the filter lets through (all of them without a filter), each counted once. */
  async visiblePaperCount(): Promise<number> {
    return (await this.currentRoots()).visible;
  }

  getChildren(element?: PapersNode): PapersNode[] | Promise<PapersNode[]> {
    if (!element) return this.currentRoots().then((roots) => roots.nodes);
    if (element.kind !== 'group') return [];
    const { papers } = element.group;
    const listed = this.listedCount(element);
    // Only the listed page's works are made.
    const nodes: PapersNode[] = Array.from({ length: listed }, (_, k) => ({ kind: 'paper', paper: papers.at(k), parent: element }));
    if (listed < papers.length) nodes.push({ kind: 'more', parent: element });
    return nodes;
  }

  getParent(element: PapersNode): PapersNode | undefined {
    return element.kind === 'group' ? undefined : element.parent;
  }

  getTreeItem(element: PapersNode): vscode.TreeItem {
    switch (element.kind) {
      case 'group':
        return this.groupItem(element);
      case 'paper':
        return this.paperItem(element);
      case 'more':
        return this.moreItem(element);
    }
  }

  /** Lists the next page of the group's works. */
  showMore(node: MoreNode): void {
    this.shown.set(this.groupTreeId(node.parent), this.listedCount(node.parent) + WORKS_PER_PAGE);
    this.changed.fire(node.parent);
  }

  /** The tooltip is built on hover only: a group can hold tens of thousands of works. */
  resolveTreeItem(item: vscode.TreeItem, element: PapersNode): vscode.TreeItem {
    if (element.kind === 'paper') item.tooltip = paperTooltip(element.paper);
    return item;
  }

  /**
   * The first place a work appears, for "Reveal in Library"; undefined when the filter hides it. Its group then
   * lists enough pages to hold it.
   */
  async findPaper(key: string): Promise<PaperNode | undefined> {
    for (const root of (await this.currentRoots()).nodes) {
      const index = indexOfKey(root.group.papers, key);
      if (index < 0) continue;
      if (index >= this.listedCount(root)) {
        this.shown.set(this.groupTreeId(root), (Math.floor(index / WORKS_PER_PAGE) + 1) * WORKS_PER_PAGE);
        // VS Code holds the children of a group it has shown: it asks again for them, now with the work's page.
        this.changed.fire(root);
      }
      return { kind: 'paper', paper: root.group.papers.at(index), parent: root };
    }
    return undefined;
  }

  /** The tree as plain data, as the view lists it (a page of each group's works), tooltips resolved. */
  async snapshot(): Promise<TreeNodeSnapshot[]> {
    const describe = (node: PapersNode): TreeNodeSnapshot => {
      const item = this.resolveTreeItem(this.getTreeItem(node), node);
      const children = node.kind === 'group' ? (this.getChildren(node) as PapersNode[]).map(describe) : undefined;
      return { ...snapshotOf(item), ...(children ? { children } : {}) };
    };
    return (await this.currentRoots()).nodes.map(describe);
  }

  refresh(): void {
    this.invalidate();
  }

  dispose(): void {
    this.roots?.cancel();
    this.sorted?.run.cancel();
    vscode.Disposable.from(...this.subscriptions).dispose();
  }

  private invalidate(): void {
    this.roots?.cancel();
    this.roots = undefined;
    this.changed.fire(undefined);
  }

  /** The roots once the latest build is done: a build overtaken by a change gives way to the next. */
  private async currentRoots(): Promise<Roots> {
    for (;;) {
      if (!this.roots || this.roots.cancelled) this.roots = new CancellableRun((token) => this.buildRoots(token));
      try {
        return await this.roots.done;
      } catch (error) {
        if (!(error instanceof CancelledError)) throw error;
      }
    }
  }

  private async buildRoots(token: CancellationFlag): Promise<Roots> {
    const { query, searcher, groupByValue } = this;
    const sorted = await this.sortedWorks(this.library.works());
    const slices = { sliceMs: SLICE_MS, token, yieldToHost: this.yieldToHost };
    const visible = await runInSlices(filterPapersSteps(sorted, query, searcher), slices);
    const groups = await runInSlices(groupSortedSteps(visible, this.library.themes, groupByValue), slices);
    return { nodes: groups.map((group) => ({ kind: 'group', group })), visible: visible.length };
  }

  /**
   * Sorted once per list of works: a new grouping or filter reuses the order. A large file's works come sorted by
   * the parse worker, and the lists are merged.
   */
  private sortedWorks(works: WorkList): Promise<WorkList> {
    if (this.sorted?.works !== works || this.sorted.run.cancelled) {
      this.sorted?.run.cancel();
      const parts = this.library.sortParts();
      const run = new CancellableRun(async (token) =>
        new PickedWorkList(works, await runInSlices(sortPartsSteps(parts, works), { sliceMs: SLICE_MS, token, yieldToHost: this.yieldToHost })));
      this.sorted = { works, run };
    }
    return this.sorted.run.done;
  }

  private listedCount(node: GroupNode): number {
    return Math.min(node.group.papers.length, this.shown.get(this.groupTreeId(node)) ?? WORKS_PER_PAGE);
  }

  private groupTreeId({ group }: GroupNode): string {
    return this.idPrefix() + group.id;
  }

  private idPrefix(): string {
    return this.query ? `filter${this.filterGeneration}/` : '';
  }

  private groupItem(node: GroupNode): vscode.TreeItem {
    const { group } = node;
    const item = new vscode.TreeItem(group.label,
      this.query ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.groupTreeId(node);
    item.description = workCount(group.papers.length);
    if (group.tooltip) item.tooltip = group.tooltip;
    item.contextValue = 'group';
    item.iconPath = new vscode.ThemeIcon(GROUP_ICONS[this.groupByValue]);
    return item;
  }

  private paperItem({ paper, parent }: PaperNode): vscode.TreeItem {
    const item = new vscode.TreeItem(shortTitle(paper), vscode.TreeItemCollapsibleState.None);
    // A work in two themes is two nodes: the id joins the group's.
    item.id = `${this.idPrefix()}${parent.group.id}/${paper.key}`;
    const description = authorYearDescription(paper);
    if (description) item.description = description;
    item.iconPath = new vscode.ThemeIcon(typeIconId(paper.type));
    item.contextValue = paperContextValue(paper);
    item.accessibilityInformation = { label: [fullTitle(paper), typeName(paper.type), description].filter(Boolean).join(', ') };
    item.command = { command: Commands.showPaper, title: 'Show Paper Details', arguments: [paper.key] };
    return item;
  }

  private moreItem(node: MoreNode): vscode.TreeItem {
    const listed = this.listedCount(node.parent);
    const left = node.parent.group.papers.length - listed;
    const item = new vscode.TreeItem(`Show ${Math.min(left, WORKS_PER_PAGE).toLocaleString('en-GB')} more`, vscode.TreeItemCollapsibleState.None);
    // Keyed by how many are listed: the next page's node is a new item, not this one changed.
    item.id = `${this.groupTreeId(node.parent)}/(more ${listed})`;
    item.description = `${left.toLocaleString('en-GB')} not listed yet`;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.contextValue = 'more';
    item.command = { command: InternalCommands.showMoreWorks, title: 'Show More', arguments: [node] };
    return item;
  }
}

/** Where the work with `key` is in `works`, or -1: read by key, so the works passed over are not made. */
function indexOfKey(works: WorkList, key: string): number {
  for (let i = 0; i < works.length; i++) if (works.keyAt(i) === key) return i;
  return -1;
}

/** Titles and summaries are data: the tooltip is untrusted Markdown with every field escaped, and no icons. */
export function paperTooltip(paper: Paper): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(paperTooltipMarkdown(paper), false);
  markdown.isTrusted = false;
  markdown.supportHtml = false;
  return markdown;
}

export function snapshotOf(item: vscode.TreeItem): TreeNodeSnapshot {
  const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
  const snapshot: TreeNodeSnapshot = { label };
  if (item.id !== undefined) snapshot.id = item.id;
  if (typeof item.description === 'string') snapshot.description = item.description;
  if (item.tooltip !== undefined) snapshot.tooltip = typeof item.tooltip === 'string' ? item.tooltip : item.tooltip.value;
  if (item.contextValue !== undefined) snapshot.contextValue = item.contextValue;
  if (item.iconPath instanceof vscode.ThemeIcon) snapshot.icon = item.iconPath.id;
  if (item.command) snapshot.command = { command: item.command.command, arguments: item.command.arguments };
  return snapshot;
}

/** The Papers view: its tree, the group-by setting, and the filter's message and context keys. */
export class PapersView implements vscode.Disposable {
  readonly provider: PapersTreeProvider;
  readonly treeView: vscode.TreeView<PapersNode>;
  private readonly disposables: vscode.Disposable[] = [];
  /** Counts updates of the filter's context keys, which wait for the tree: only the latest sets them. */
  private filterStateUpdates = 0;

  constructor(
    library: Library,
    searcher: PaperSearcher,
    dragAndDropController?: vscode.TreeDragAndDropController<PapersNode>,
    yieldToHost?: YieldToHost,
  ) {
    this.provider = new PapersTreeProvider(library, searcher, configuredGroupBy(), yieldToHost);
    this.treeView = vscode.window.createTreeView(Views.papers, {
      treeDataProvider: this.provider,
      showCollapseAll: true,
      canSelectMany: true,
      dragAndDropController,
    });
    this.disposables.push(
      this.provider,
      this.treeView,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${Settings.section}.${Settings.treeGroupBy}`)) this.provider.groupBy = configuredGroupBy();
      }),
      // Whatever rebuilds the tree (the library, its search index) may change what a filter lets through.
      this.provider.onDidChangeTreeData((node) => {
        if (node === undefined && this.provider.filter) void this.updateFilterState();
      }),
      vscode.commands.registerCommand(InternalCommands.showMoreWorks, (node?: MoreNode) => {
        // Run from a "Show more" item only: a keybinding passes nothing.
        if (node?.kind === 'more') this.provider.showMore(node);
      }),
    );
    void this.updateFilterState();
  }

  get groupBy(): GroupBy {
    return this.provider.groupBy;
  }

  /** Remembers the grouping in the setting, where the user (or the workspace) keeps it. */
  async setGroupBy(groupBy: GroupBy): Promise<void> {
    this.provider.groupBy = groupBy;
    const configuration = vscode.workspace.getConfiguration(Settings.section);
    const inspected = configuration.inspect(Settings.treeGroupBy);
    const target = inspected?.workspaceFolderValue !== undefined ? vscode.ConfigurationTarget.WorkspaceFolder
      : inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    if (configuration.get(Settings.treeGroupBy) !== groupBy) await configuration.update(Settings.treeGroupBy, groupBy, target);
  }

  get filter(): string | undefined {
    return this.provider.filter;
  }

  async setFilter(query: string | undefined): Promise<void> {
    this.provider.filter = query;
    await this.updateFilterState();
  }

  /** Selects the first place a work appears, clearing a filter that hides it. */
  async reveal(key: string): Promise<boolean> {
    let node = await this.provider.findPaper(key);
    if (!node && this.provider.filter) {
      await this.setFilter(undefined);
      node = await this.provider.findPaper(key);
    }
    if (!node) return false;
    await this.treeView.reveal(node, { select: true, focus: true, expand: true });
    return true;
  }

  /** The filter as the user sees it: the view's message and the context keys the manifest's `when` clauses read. */
  async state(): Promise<{ groupBy: GroupBy; filter?: string; message?: string; filterActive: boolean; filtered: boolean }> {
    // Counted once the tree is built, for the filter as it stands then (a build overtaken by a change gives way).
    const visible = this.provider.filter !== undefined ? await this.provider.visiblePaperCount() : undefined;
    const filterActive = this.provider.filter !== undefined;
    const filtered = filterActive && visible === 0;
    return {
      groupBy: this.provider.groupBy,
      ...(this.provider.filter ? { filter: this.provider.filter } : {}),
      ...(this.treeView.message ? { message: this.treeView.message } : {}),
      filterActive,
      filtered,
    };
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private async updateFilterState(): Promise<void> {
    const update = ++this.filterStateUpdates;
    const { filter } = this.provider;
    this.treeView.message = filter ? `Filtered: ${filter}` : undefined;
    const { filterActive, filtered } = await this.state();
    // A later change started its own update, which may have finished first: the context keys are its to set.
    if (update !== this.filterStateUpdates) return;
    await Promise.all([
      vscode.commands.executeCommand('setContext', ContextKeys.filterActive, filterActive),
      vscode.commands.executeCommand('setContext', ContextKeys.filtered, filtered),
    ]);
  }
}

function configuredGroupBy(): GroupBy {
  const value = vscode.workspace.getConfiguration(Settings.section).get<string>(Settings.treeGroupBy);
  return isGroupBy(value) ? value : DEFAULT_GROUP_BY;
}
