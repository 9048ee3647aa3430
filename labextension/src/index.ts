/*
 * The language view of the course Image Gradients / Gradient ảnh.
 *
 * Every markdown cell of the course notebooks carries `gradcourse.lang`
 * ("en", "vi" or "any"); the notebook file holds both languages, and this
 * extension only changes which text cells the page shows.  Nothing here
 * writes to the notebook model: hiding is a CSS class on the cell widget, so
 * the file nbgrader validates and grades is the file on disk, never dirty.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { IToolbarWidgetRegistry } from '@jupyterlab/apputils';
import type { Cell, ICellModel } from '@jupyterlab/cells';
import type { Notebook, NotebookPanel } from '@jupyterlab/notebook';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITableOfContentsTracker } from '@jupyterlab/toc';
import { ITranslator } from '@jupyterlab/translation';
import { Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';

const PLUGIN_ID = '@gradcourse/language-view:plugin';
const TOOLBAR_ITEM = 'gc-language';

/** What the user chose: "auto" follows the interface's language. */
type View = 'auto' | 'en' | 'vi' | 'both';
/** What the page shows. */
type Shown = 'en' | 'vi' | 'both';

const VIEWS: View[] = ['auto', 'en', 'vi', 'both'];

/**
 * Not Lumino's `hide()`: JupyterLab's collapsible headings call
 * `setHidden(false)` on every cell when they recompute, which would bring
 * the other language back; a class of our own composes with theirs.
 */
const HIDDEN_CLASS = 'gc-lang-hidden';

function isView(value: unknown): value is View {
  return typeof value === 'string' && (VIEWS as string[]).includes(value);
}

/** `gradcourse.lang` of a cell, or null where the cell has none. */
function cellLanguage(model: ICellModel): string | null {
  const meta = model.getMetadata('gradcourse') as { lang?: unknown } | undefined;
  return meta && typeof meta.lang === 'string' ? meta.lang : null;
}

/** `gradcourse.pair`: an English cell and its Vietnamese partner share it. */
function cellPair(model: ICellModel): string | null {
  const meta = model.getMetadata('gradcourse') as { pair?: unknown } | undefined;
  return meta && typeof meta.pair === 'string' ? meta.pair : null;
}

function hides(model: ICellModel, shown: Shown): boolean {
  if (shown === 'both' || model.type === 'code') {
    return false;
  }
  const lang = cellLanguage(model);
  return (lang === 'en' || lang === 'vi') && lang !== shown;
}

/** The toolbar switch: one `<select>` per notebook panel, all kept alike. */
class LanguageSwitch extends Widget {
  constructor(options: {
    interfaceLanguage: 'en' | 'vi';
    current: () => View;
    choose: (view: View) => void;
    changed: Signal<unknown, View>;
  }) {
    super();
    this.addClass('gc-language-switch');
    this.addClass('jp-Toolbar-item');
    this._current = options.current;
    const title =
      'Language of the lesson text (code cells always show) / ' +
      'Ngôn ngữ của phần chữ trong bài (ô code luôn hiện)';
    this.node.title = title;
    const select = document.createElement('select');
    select.setAttribute('aria-label', title);
    const auto =
      options.interfaceLanguage === 'vi' ? 'Tự động (VI)' : 'Auto (EN)';
    const labels: Record<View, string> = {
      auto,
      en: 'EN',
      vi: 'VI',
      both: 'EN + VI'
    };
    for (const view of VIEWS) {
      const option = document.createElement('option');
      option.value = view;
      option.textContent = labels[view];
      select.appendChild(option);
    }
    select.value = options.current();
    select.addEventListener('change', () => {
      if (isView(select.value)) {
        options.choose(select.value);
      }
    });
    // Lumino's keyboard shortcuts must not see the arrows used in the list.
    select.addEventListener('keydown', event => event.stopPropagation());
    this.node.appendChild(select);
    this._select = select;
    options.changed.connect(this._onChanged, this);
    this._changed = options.changed;
  }

  dispose(): void {
    this._changed.disconnect(this._onChanged, this);
    super.dispose();
  }

  private _onChanged(): void {
    this._select.value = this._current();
  }

  private _select: HTMLSelectElement;
  private _current: () => View;
  private _changed: Signal<unknown, View>;
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description:
    'Shows the text cells of one language (EN, VI or both) in the course notebooks.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [
    ISettingRegistry,
    ITranslator,
    ITableOfContentsTracker,
    IToolbarWidgetRegistry
  ],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    registry: ISettingRegistry | null,
    translator: ITranslator | null,
    tocTracker: ITableOfContentsTracker | null,
    toolbarRegistry: IToolbarWidgetRegistry | null
  ): void => {
    // Settings → Language reloads the page, so the code read once is the one in use.
    const code = translator?.languageCode ?? 'en';
    const interfaceLanguage: 'en' | 'vi' = /^vi([-_]|$)/i.test(code)
      ? 'vi'
      : 'en';
    let view: View = 'auto';
    let settings: ISettingRegistry.ISettings | null = null;
    const viewChanged = new Signal<unknown, View>({});
    const shown = (): Shown => (view === 'auto' ? interfaceLanguage : view);

    const wrapped = new WeakSet<Cell>();
    const watched = new WeakSet<ICellModel>();
    const lastActive = new WeakMap<Notebook, number>();
    const signatures = new WeakMap<NotebookPanel, string>();
    const switches = new WeakMap<NotebookPanel, LanguageSwitch>();

    /**
     * The notebook's table of contents reads each cell's `getHeadings()`.
     * JupyterLab 4.6's NotebookToCModel lists every cell, hidden or not, and
     * the ToC registry takes the first factory that applies (the notebook's
     * own, registered before any extension), so a hidden cell answers no
     * headings instead.  Only the ToC uses this method's result: the
     * notebook's collapsible headings read `headingInfo`, left as it is.
     */
    const wrapHeadings = (cell: Cell): void => {
      if (wrapped.has(cell)) {
        return;
      }
      wrapped.add(cell);
      const original = cell.getHeadings.bind(cell);
      cell.getHeadings = async () => {
        const headings = await original();
        return cell.hasClass(HIDDEN_CLASS) ? [] : headings;
      };
    };

    const refreshToC = (panel: NotebookPanel): void => {
      const model = tocTracker?.get(panel) as
        | { refresh?: () => Promise<void> }
        | null
        | undefined;
      model?.refresh?.().catch(reason => {
        console.warn('gradcourse language view: ToC refresh failed', reason);
      });
    };

    /** Keyboard moves and run-and-advance must not land on a cell the page hides. */
    const skipHidden = (notebook: Notebook, direction: 1 | -1): void => {
      const cells = notebook.widgets;
      const visible = (i: number) =>
        !cells[i].hasClass(HIDDEN_CLASS) && !cells[i].isHidden;
      const start = notebook.activeCellIndex;
      if (start < 0 || start >= cells.length || visible(start)) {
        return;
      }
      for (const step of [direction, -direction]) {
        for (let i = start + step; i >= 0 && i < cells.length; i += step) {
          if (visible(i)) {
            notebook.activeCellIndex = i;
            return;
          }
        }
      }
    };

    const apply = (panel: NotebookPanel): void => {
      if (panel.isDisposed) {
        return;
      }
      const notebook = panel.content;
      const now = shown();
      let bilingual = false;
      const hidden: number[] = [];
      notebook.widgets.forEach((cell, index) => {
        if (cellLanguage(cell.model) !== null) {
          bilingual = true;
        }
        const hide = hides(cell.model, now);
        cell.toggleClass(HIDDEN_CLASS, hide);
        if (hide) {
          hidden.push(index);
        }
        wrapHeadings(cell);
        if (!watched.has(cell.model)) {
          watched.add(cell.model);
          cell.model.metadataChanged.connect(() => schedule(panel));
        }
      });
      if (bilingual) {
        notebook.node.dataset.gcLanguage = now;
      } else {
        delete notebook.node.dataset.gcLanguage;
      }
      const toggle = switches.get(panel);
      if (toggle && !toggle.isDisposed) {
        toggle.setHidden(!bilingual);
      }
      const signature = `${notebook.widgets.length}:${hidden.join(',')}`;
      if (signatures.get(panel) !== signature) {
        signatures.set(panel, signature);
        refreshToC(panel);
        const active = notebook.activeCell;
        if (active?.hasClass(HIDDEN_CLASS)) {
          // The same paragraph in the language now shown, where it has one.
          const pair = cellPair(active.model);
          const partner = pair
            ? notebook.widgets.findIndex(
                cell =>
                  !cell.hasClass(HIDDEN_CLASS) && cellPair(cell.model) === pair
              )
            : -1;
          if (partner >= 0) {
            notebook.activeCellIndex = partner;
          } else {
            skipHidden(notebook, 1);
          }
        }
      }
    };

    const pending = new WeakSet<NotebookPanel>();
    const schedule = (panel: NotebookPanel): void => {
      if (pending.has(panel)) {
        return;
      }
      pending.add(panel);
      requestAnimationFrame(() => {
        pending.delete(panel);
        apply(panel);
      });
    };

    const applyAll = (): void => {
      tracker.forEach(apply);
      viewChanged.emit(view);
    };

    const follow = (panel: NotebookPanel): void => {
      const notebook = panel.content;
      // The notebook creates its cell widgets in its own slot, connected before
      // this one, so they exist here; the frame after catches any it attaches late.
      const onCells = () => {
        apply(panel);
        schedule(panel);
      };
      const connectModel = () => {
        notebook.model?.cells.changed.connect(onCells);
        onCells();
      };
      notebook.modelChanged.connect(connectModel);
      connectModel();
      void panel.context.ready.then(() => onCells());
      notebook.activeCellChanged.connect((_, cell) => {
        const previous = lastActive.get(notebook) ?? 0;
        const index = notebook.activeCellIndex;
        lastActive.set(notebook, index);
        if (cell?.hasClass(HIDDEN_CLASS)) {
          // Later, not inside the command that moved it (run all, run and advance).
          setTimeout(() => skipHidden(notebook, index >= previous ? 1 : -1), 0);
        }
      });
    };

    tracker.forEach(follow);
    tracker.widgetAdded.connect((_, panel) => follow(panel));

    const choose = (next: View): void => {
      view = next;
      applyAll();
      // Per user, in JupyterLab's settings; never in the notebook.
      settings?.set('view', next).catch(reason => {
        console.warn('gradcourse language view: could not save', reason);
      });
    };

    const makeSwitch = (panel: NotebookPanel): Widget => {
      const toggle = new LanguageSwitch({
        interfaceLanguage,
        current: () => view,
        choose,
        changed: viewChanged
      });
      switches.set(panel, toggle);
      schedule(panel);
      return toggle;
    };

    if (toolbarRegistry) {
      // Placed by `jupyter.lab.toolbars` in schema/plugin.json, so a user can move or drop it.
      toolbarRegistry.addFactory<NotebookPanel>(
        'Notebook',
        TOOLBAR_ITEM,
        makeSwitch
      );
    } else {
      tracker.widgetAdded.connect((_, panel) => {
        panel.toolbar.insertAfter('cellType', TOOLBAR_ITEM, makeSwitch(panel));
      });
    }

    if (registry) {
      registry
        .load(PLUGIN_ID)
        .then(loaded => {
          settings = loaded;
          const read = () => {
            const value = loaded.get('view').composite;
            view = isView(value) ? value : 'auto';
            applyAll();
          };
          loaded.changed.connect(read);
          read();
        })
        .catch(reason => {
          console.warn('gradcourse language view: settings not loaded', reason);
        });
    }

    void app.restored.then(() => applyAll());
  }
};

export default plugin;
