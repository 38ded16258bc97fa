// The Papers view: the library grouped by theme, year, venue, type or first author, optionally filtered by the same
// search as the citation picker. The grouping itself lives in src/core/grouping.ts; this file only maps it to tree
// items and keeps the view's message and context keys in step with the filter.
import * as vscode from 'vscode';
import { Commands, ContextKeys, Settings, Views } from '../constants';
import { DEFAULT_GROUP_BY, GroupBy, PaperGroup, groupPapers, isGroupBy } from '../core/grouping';
import { Library } from '../core/library';
import { Paper } from '../core/model';
import { PaperSearcher, filterPapers, normaliseFilterQuery } from '../core/paperFilter';
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

export type PapersNode = GroupNode | PaperNode;

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
  private roots: GroupNode[] | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly library: Library, private readonly searcher: PaperSearcher, groupBy: GroupBy = DEFAULT_GROUP_BY) {
    this.groupByValue = groupBy;
    // Rebuilt lazily: the search index is rebuilt on the same event, and may not be ready when this listener runs.
    this.subscriptions.push(library.onDidChange(() => this.invalidate()), this.changed);
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

  /** The works the filter lets through (all of them without a filter), each once. */
  visiblePaperCount(): number {
    return new Set(this.rootNodes().flatMap((node) => node.group.papers.map((paper) => paper.key))).size;
  }

  getChildren(element?: PapersNode): PapersNode[] {
    if (!element) return this.rootNodes();
    if (element.kind === 'paper') return [];
    return element.group.papers.map((paper) => ({ kind: 'paper', paper, parent: element }));
  }

  getParent(element: PapersNode): PapersNode | undefined {
    return element.kind === 'paper' ? element.parent : undefined;
  }

  getTreeItem(element: PapersNode): vscode.TreeItem {
    return element.kind === 'group' ? this.groupItem(element) : this.paperItem(element);
  }

  /** The tooltip is built on hover only: a group can hold tens of thousands of works. */
  resolveTreeItem(item: vscode.TreeItem, element: PapersNode): vscode.TreeItem {
    if (element.kind === 'paper') item.tooltip = paperTooltip(element.paper);
    return item;
  }

  /** The first place a work appears, for "Reveal in Library"; undefined when the filter hides it. */
  findPaper(key: string): PaperNode | undefined {
    for (const root of this.rootNodes()) {
      const paper = root.group.papers.find((candidate) => candidate.key === key);
      if (paper) return { kind: 'paper', paper, parent: root };
    }
    return undefined;
  }

  /** The whole tree as plain data, tooltips resolved. */
  snapshot(): TreeNodeSnapshot[] {
    const describe = (node: PapersNode): TreeNodeSnapshot => {
      const item = this.resolveTreeItem(this.getTreeItem(node), node);
      const children = node.kind === 'group' ? this.getChildren(node).map(describe) : undefined;
      return { ...snapshotOf(item), ...(children ? { children } : {}) };
    };
    return this.rootNodes().map(describe);
  }

  refresh(): void {
    this.invalidate();
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
  }

  private invalidate(): void {
    this.roots = undefined;
    this.changed.fire(undefined);
  }

  private rootNodes(): GroupNode[] {
    if (!this.roots) {
      const papers = filterPapers(this.library.papers(), this.query, this.searcher);
      this.roots = groupPapers(papers, this.library.themes, this.groupByValue).map((group) => ({ kind: 'group', group }));
    }
    return this.roots;
  }

  private idPrefix(): string {
    return this.query ? `filter${this.filterGeneration}/` : '';
  }

  private groupItem({ group }: GroupNode): vscode.TreeItem {
    const item = new vscode.TreeItem(group.label,
      this.query ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.idPrefix() + group.id;
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

  constructor(library: Library, searcher: PaperSearcher, dragAndDropController?: vscode.TreeDragAndDropController<PapersNode>) {
    this.provider = new PapersTreeProvider(library, searcher, configuredGroupBy());
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
      library.onDidChange(() => {
        if (this.provider.filter) void this.updateFilterState();
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
    let node = this.provider.findPaper(key);
    if (!node && this.provider.filter) {
      await this.setFilter(undefined);
      node = this.provider.findPaper(key);
    }
    if (!node) return false;
    await this.treeView.reveal(node, { select: true, focus: true, expand: true });
    return true;
  }

  /** The filter as the user sees it: the view's message and the context keys the manifest's `when` clauses read. */
  state(): { groupBy: GroupBy; filter?: string; message?: string; filterActive: boolean; filtered: boolean } {
    const filterActive = this.provider.filter !== undefined;
    return {
      groupBy: this.provider.groupBy,
      ...(this.provider.filter ? { filter: this.provider.filter } : {}),
      ...(this.treeView.message ? { message: this.treeView.message } : {}),
      filterActive,
      filtered: filterActive && this.provider.visiblePaperCount() === 0,
    };
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private async updateFilterState(): Promise<void> {
    const { filter } = this.provider;
    this.treeView.message = filter ? `Filtered: ${filter}` : undefined;
    const { filterActive, filtered } = this.state();
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
