// Exercise statements: GitHub-flavoured Markdown (tables etc.) with $…$ / $$…$$ math rendered by KaTeX (server-side; raw HTML is not rendered).
// Code blocks, display equations and tables scroll sideways when they are wider than the column (a
// phone, a long formula), so each is a labelled, focusable group: keyboard users can scroll it too.
import type { ComponentProps } from 'react';
import ReactMarkdown from 'react-markdown';
import rehypeKatex from 'rehype-katex';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import 'katex/dist/katex.min.css';

interface HastNode {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

/** A rehype plugin (after KaTeX): display equations become focusable, labelled groups. */
function focusableEquations() {
  const visit = (node: HastNode) => {
    const cls = node.properties?.className;
    if (node.type === 'element' && Array.isArray(cls) && cls.includes('katex-display')) {
      node.properties = { ...node.properties, tabIndex: 0, role: 'group', ariaLabel: 'Equation (scrolls sideways when wide)' };
    }
    node.children?.forEach(visit);
  };
  return (tree: HastNode) => visit(tree);
}

// react-markdown also passes the syntax-tree `node`, which is no attribute of the element.
type WithNode<T extends 'pre' | 'table'> = ComponentProps<T> & { node?: unknown };

const components = {
  pre: ({ node: _node, ...props }: WithNode<'pre'>) => <pre {...props} tabIndex={0} role="group" aria-label="Code example (scrolls sideways when wide)" />,
  table: ({ node: _node, ...props }: WithNode<'table'>) => (
    <div className="prose__table" tabIndex={0} role="group" aria-label="Table (scrolls sideways when wide)">
      <table {...props} />
    </div>
  ),
};

export function Markdown({ source }: { source: string }) {
  return (
    <div className="prose">
      <ReactMarkdown
        remarkPlugins={[remarkGfm, remarkMath]}
        rehypePlugins={[[rehypeKatex, { throwOnError: false, strict: 'ignore' }], focusableEquations]}
        components={components}
      >
        {source}
      </ReactMarkdown>
    </div>
  );
}
