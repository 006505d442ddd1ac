-- integ's own pandoc filter (trusted; content cannot reach raw output through it).
-- * links: only http(s), mailto and in-document targets stay links
-- * images: Typst gets `image(..., alt: ...)` (pandoc 3.9 drops alt text there)
-- * Div.inhaltsverzeichnis: a real table of contents (Word field, Typst outline)
-- * Div.seitenumbruch: a page break
-- * Div custom-style=Beschlussvorschlag: Typst gets a block with a frame (Word: the style)
-- * meta integ-chapter-pages: false: no page break before every Heading 1 (Typst;
--   Word: integ turns the style's page break off in the file, integ.render)
-- * Div.zusammen: kept on one page (Typst: an unbreakable block; Word: markers that
--   integ turns into keep-with-next after pandoc has written the file)
-- * Div.querformat: landscape pages (Typst: flipped page; Word: a marker paragraph
--   that integ turns into a section break after pandoc has written the file; not
--   again in a later part of a large document, Div.querformat.fortsetzung)
-- * attributes: a second line of defence behind integ.markdown, which escapes every
--   brace in concept text: spans, divs, links, code and images keep only the classes
--   and attributes integ's own templates use (no on*= handlers, style=, ids such as
--   #toc, custom-style on spans, arbitrary classes); a header's identifier is put in
--   integ's namespace (abschnitt-…)

local function typst_str(s)
  s = s:gsub('\\', '\\\\'):gsub('"', '\\"')
  return '"' .. s .. '"'
end

local function xml(s)
  return (s:gsub('&', '&amp;'):gsub('<', '&lt;'):gsub('>', '&gt;'):gsub('"', '&quot;'))
end

local PAGEBREAK_XML = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'

local function toc_xml(title)
  return '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
    .. '<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>'
    .. '<w:p><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr><w:r><w:t xml:space="preserve">'
    .. xml(title) .. '</w:t></w:r></w:p>'
    .. '<w:p><w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
    .. '<w:r><w:instrText xml:space="preserve">TOC \\o "1-2" \\h \\z \\u</w:instrText></w:r>'
    .. '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    .. '<w:r><w:t xml:space="preserve">' .. xml(title) .. ' …</w:t></w:r>'
    .. '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:sdtContent></w:sdt>'
end

local function set(list)
  local out = {}
  for _, v in ipairs(list) do out[v] = true end
  return out
end

local NONE = {}
local SPAN_CLASSES = set({ 'underline', 'mark', 'smallcaps', 'insertion', 'deletion' })
local DIV_CLASSES = set({ 'inhaltsverzeichnis', 'seitenumbruch', 'querformat', 'zusammen',
  'fortsetzung' })
local DIV_STYLES = set({ 'Titelseite', 'Hinweis', 'Beschlussvorschlag', 'Legende' })
local HEADER_CLASSES = set({ 'unnumbered', 'unlisted' })

-- el with only the allowed classes and attributes (allowed: name -> check of value)
local function clean(el, classes, attributes, keep_id)
  local kept_classes = {}
  for _, c in ipairs(el.classes) do
    if classes[c] then table.insert(kept_classes, c) end
  end
  local kept = {}
  for k, v in pairs(el.attributes) do
    local ok = attributes[k]
    if ok and ok(v, kept_classes) then table.insert(kept, { k, v }) end
  end
  el.attr = pandoc.Attr(keep_id and el.identifier or '', kept_classes, kept)
  return el
end

local function any_value() return true end
local function tracked(_, classes)  -- author/date only on a tracked change
  for _, c in ipairs(classes) do
    if c == 'insertion' or c == 'deletion' then return true end
  end
  return false
end
local SPAN_ATTRS = { author = tracked, date = tracked }
local DIV_ATTRS = { ['custom-style'] = function(v) return DIV_STYLES[v] == true end }
local IMAGE_ATTRS = { alt = any_value, width = any_value }

local LANDSCAPE_MARK = '<w:p><w:bookmarkStart w:id="90001" w:name="integ_querformat"/>'
  .. '<w:bookmarkEnd w:id="90001"/></w:p>'

local block_id = 92000
local function block_mark(name)
  block_id = block_id + 1
  return pandoc.RawBlock('openxml', '<w:bookmarkStart w:id="' .. block_id .. '" w:name="'
    .. name .. '"/><w:bookmarkEnd w:id="' .. block_id .. '"/>')
end

function Pandoc(doc)
  local toc_title = doc.meta['toc-title'] and pandoc.utils.stringify(doc.meta['toc-title'])
    or 'Inhalt'
  local is_docx = FORMAT:match('docx') ~= nil
  local is_typst = FORMAT:match('typst') ~= nil
  -- a council submission (meta integ-chapter-pages: false) runs on without breaks
  local chapter_pages = doc.meta['integ-chapter-pages'] ~= false
  if is_typst and chapter_pages then
    -- chapters start on a new page (Word does it through the Heading 1 style)
    local blocks = {}
    for _, b in ipairs(doc.blocks) do
      if b.t == 'Header' and b.level == 1 then
        table.insert(blocks, pandoc.RawBlock('typst', '#pagebreak(weak: true)'))
      end
      table.insert(blocks, b)
    end
    doc.blocks = blocks
  end
  doc = doc:walk({
    Span = function(span) return clean(span, SPAN_CLASSES, SPAN_ATTRS, false) end,
    Code = function(code) return clean(code, NONE, NONE, false) end,
    CodeBlock = function(code) return clean(code, NONE, NONE, false) end,
    Header = function(h)
      -- an id of integ's namespace: no heading can take over #toc or a page's own ids
      h = clean(h, HEADER_CLASSES, NONE, true)
      if h.identifier ~= '' then h.identifier = 'abschnitt-' .. h.identifier end
      return h
    end,
    Div = function(div) return clean(div, DIV_CLASSES, DIV_ATTRS, false) end,
  })
  return doc:walk({
    Link = function(link)
      -- only web and mail links; javascript:, file: and the like become plain text
      local t = link.target:lower()
      if not (t:match('^https?://') or t:match('^mailto:') or t:match('^#')) then
        return link.content
      end
      link.attr = pandoc.Attr()
      return link
    end,
    Image = function(img)
      img = clean(img, NONE, IMAGE_ATTRS, false)
      if is_docx and #img.caption == 0 and img.attributes['alt'] then
        -- Word's alternative text is the image's description (the logo has no caption)
        img.caption = { pandoc.Str(img.attributes['alt']) }
      end
      if is_typst then
        local alt = img.attributes['alt'] or pandoc.utils.stringify(img.caption)
        -- a width integ's templates give (the logo): a number and a unit, nothing else
        local width = img.attributes['width'] or ''
        if not (width:match('^%d+%.?%d*cm$') or width:match('^%d+%.?%d*mm$')
                or width:match('^%d+%.?%d*%%$')) then
          width = '100%'
        end
        return pandoc.RawInline('typst', '#image(' .. typst_str(img.src) .. ', alt: '
          .. typst_str(alt) .. ', width: ' .. width .. ')')
      end
      return img
    end,
    Div = function(div)
      if is_typst and div.attributes['custom-style'] == 'Beschlussvorschlag' then
        -- the box Word draws through the paragraph style of the same name
        local out = { pandoc.RawBlock('typst', '#block(width: 100%, breakable: false, '
          .. 'inset: 8pt, stroke: 0.8pt + rgb("1F3864"), fill: luma(242))[') }
        for _, b in ipairs(div.content) do table.insert(out, b) end
        table.insert(out, pandoc.RawBlock('typst', ']'))
        return out
      end
      if div.classes:includes('inhaltsverzeichnis') then
        if is_docx then
          return { pandoc.RawBlock('openxml', PAGEBREAK_XML),
                   pandoc.RawBlock('openxml', toc_xml(toc_title)) }
        elseif is_typst then
          return pandoc.RawBlock('typst', '#pagebreak(weak: true)\n#outline(title: '
            .. typst_str(toc_title) .. ', depth: 2)')
        end
        return {}
      elseif div.classes:includes('seitenumbruch') then
        if is_docx then return pandoc.RawBlock('openxml', PAGEBREAK_XML) end
        if is_typst then return pandoc.RawBlock('typst', '#pagebreak(weak: true)') end
        return {}
      elseif div.classes:includes('zusammen') then
        if is_typst then
          local out = { pandoc.RawBlock('typst', '#block(breakable: false, width: 100%)[') }
          for _, b in ipairs(div.content) do table.insert(out, b) end
          table.insert(out, pandoc.RawBlock('typst', ']'))
          return out
        elseif is_docx then
          local out = { block_mark('integ_zusammen_anfang') }
          for _, b in ipairs(div.content) do table.insert(out, b) end
          table.insert(out, block_mark('integ_zusammen_ende'))
          return out
        end
        return div.content
      elseif div.classes:includes('querformat') then
        if is_typst then
          local out = { pandoc.RawBlock('typst', '#page(flipped: true)[') }
          for _, b in ipairs(div.content) do table.insert(out, b) end
          table.insert(out, pandoc.RawBlock('typst', ']'))
          return out
        elseif is_docx and div.classes:includes('fortsetzung') then
          return div.content  -- a later part of the landscape pages (integ.parts)
        elseif is_docx then
          local out = { pandoc.RawBlock('openxml', LANDSCAPE_MARK) }
          for _, b in ipairs(div.content) do table.insert(out, b) end
          return out
        end
        return div.content
      end
    end,
  })
end
