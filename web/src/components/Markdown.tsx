// Exercise statements: GitHub-flavoured Markdown (tables etc.) with $…$ / $$…$$ math rendered by KaTeX (server-side; raw HTML is not rendered).
import ReactMarkdown from 'react-markdown';
import rehypeKatex from 'rehype-katex';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import 'katex/dist/katex.min.css';

export function Markdown({ source }: { source: string }) {
  return (
    <div className="prose">
      <ReactMarkdown remarkPlugins={[remarkGfm, remarkMath]} rehypePlugins={[[rehypeKatex, { throwOnError: false, strict: 'ignore' }]]}>
        {source}
      </ReactMarkdown>
    </div>
  );
}
