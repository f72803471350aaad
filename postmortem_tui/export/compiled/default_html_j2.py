# stamp: d7e9e3740096ff7947559640d17bbad6
# Written by scripts/compile-templates.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'default.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_CONTENT_SECURITY_POLICY = resolve('CONTENT_SECURITY_POLICY')
    l_0_meta = resolve('meta')
    l_0_site = resolve('site')
    l_0_placeholder = l_0_point = l_0_points = l_0_code_blocks = l_0_team_sections = missing
    try:
        t_1 = environment.filters['prose']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'prose' found.")
    try:
        t_2 = environment.filters['safe_url']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'safe_url' found.")
    pass
    def macro(l_1_text):
        t_3 = []
        if l_1_text is missing:
            l_1_text = undefined("parameter 'text' was not provided", name='text')
        pass
        t_3.extend((
            '<p class="placeholder">',
            escape(l_1_text),
            '</p>',
        ))
        return concat(t_3)
    context.exported_vars.add('placeholder')
    context.vars['placeholder'] = l_0_placeholder = Macro(environment, macro, 'placeholder', ('text',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_title, l_1_detail, l_1_mark):
        t_4 = []
        if l_1_title is missing:
            l_1_title = undefined("parameter 'title' was not provided", name='title')
        if l_1_detail is missing:
            l_1_detail = undefined("parameter 'detail' was not provided", name='detail')
        if l_1_mark is missing:
            l_1_mark = ''
        pass
        if l_1_mark:
            pass
            t_4.extend((
                '<span class="mark" aria-hidden="true">',
                escape(l_1_mark),
                '</span> ',
            ))
        if (l_1_title and l_1_detail):
            pass
            t_4.extend((
                '<strong>',
                escape(l_1_title),
                ':</strong> ',
                escape(l_1_detail),
            ))
        elif l_1_title:
            pass
            t_4.extend((
                '<strong>',
                escape(l_1_title),
                '</strong>',
            ))
        else:
            pass
            t_4.append(
                escape(l_1_detail),
            )
        return concat(t_4)
    context.exported_vars.add('point')
    context.vars['point'] = l_0_point = Macro(environment, macro, 'point', ('title', 'detail', 'mark'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_items, l_1_mark):
        t_5 = []
        if l_1_items is missing:
            l_1_items = undefined("parameter 'items' was not provided", name='items')
        if l_1_mark is missing:
            l_1_mark = ''
        pass
        t_5.append(
            '<ol class="points">\n',
        )
        for l_2_item in environment.call(context, environment.guard_loop, l_1_items):
            _loop_vars = {}
            pass
            t_5.extend((
                '<li>',
                escape(environment.call(context, (undefined(name='point') if l_0_point is missing else l_0_point), environment.getattr(l_2_item, 'title'), environment.getattr(l_2_item, 'detail'), l_1_mark, _loop_vars=_loop_vars)),
                '</li>\n',
            ))
        l_2_item = missing
        t_5.append(
            '</ol>\n',
        )
        return concat(t_5)
    context.exported_vars.add('points')
    context.vars['points'] = l_0_points = Macro(environment, macro, 'points', ('items', 'mark'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_blocks):
        t_6 = []
        if l_1_blocks is missing:
            l_1_blocks = undefined("parameter 'blocks' was not provided", name='blocks')
        pass
        for l_2_block in environment.call(context, environment.guard_loop, l_1_blocks):
            _loop_vars = {}
            pass
            t_6.append(
                '<figure class="code">\n',
            )
            if environment.getattr(l_2_block, 'caption'):
                pass
                t_6.extend((
                    '<figcaption>',
                    escape(environment.getattr(l_2_block, 'caption')),
                    '</figcaption>',
                ))
            t_6.append(
                '<pre><code',
            )
            if environment.getattr(l_2_block, 'language'):
                pass
                t_6.extend((
                    ' data-language="',
                    escape(environment.getattr(l_2_block, 'language')),
                    '"',
                ))
            t_6.extend((
                '>',
                escape(environment.getattr(l_2_block, 'code')),
                '</code></pre>\n</figure>\n',
            ))
        l_2_block = missing
        return concat(t_6)
    context.exported_vars.add('code_blocks')
    context.vars['code_blocks'] = l_0_code_blocks = Macro(environment, macro, 'code_blocks', ('blocks',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_place):
        t_7 = []
        l_1_sections_after = resolve('sections_after')
        if l_1_place is missing:
            l_1_place = undefined("parameter 'place' was not provided", name='place')
        pass
        for l_2_section in environment.call(context, environment.guard_loop, environment.getitem((undefined(name='sections_after') if l_1_sections_after is missing else l_1_sections_after), l_1_place)):
            _loop_vars = {}
            pass
            t_7.extend((
                '<section class="team-section">\n<h2>',
                escape(environment.getattr(l_2_section, 'title')),
                '</h2>\n',
                escape((t_1(environment.getattr(l_2_section, 'text')) if environment.getattr(l_2_section, 'text') else environment.call(context, (undefined(name='placeholder') if l_0_placeholder is missing else l_0_placeholder), 'Not written yet.', _loop_vars=_loop_vars))),
                '\n</section>\n',
            ))
        l_2_section = missing
        return concat(t_7)
    context.exported_vars.add('team_sections')
    context.vars['team_sections'] = l_0_team_sections = Macro(environment, macro, 'team_sections', ('place',), False, False, False, context.eval_ctx.autoescape)
    yield '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="'
    yield escape((undefined(name='CONTENT_SECURITY_POLICY') if l_0_CONTENT_SECURITY_POLICY is missing else l_0_CONTENT_SECURITY_POLICY))
    yield '">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="color-scheme" content="light dark">\n<meta name="referrer" content="no-referrer">\n<title>Postmortem: '
    yield escape(environment.getattr((undefined(name='meta') if l_0_meta is missing else l_0_meta), 'title'))
    if (undefined(name='site') if l_0_site is missing else l_0_site):
        pass
        yield ' - '
        yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title'))
    yield '</title>\n<style>\n'
    yield from context.blocks['style'][0](context)
    yield '</style>\n</head>\n<body>\n'
    if (undefined(name='site') if l_0_site is missing else l_0_site):
        pass
        yield '<nav class="site" aria-label="Site">\n<a href="'
        yield escape(t_2(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'home')))
        yield 'index.html">'
        yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title'))
        yield '</a>\n<a href="'
        yield escape(t_2(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'home')))
        yield 'actions.html">Action items</a>\n<a href="'
        yield escape(t_2(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'home')))
        yield 'stats.html">Stats</a>\n</nav>\n'
    yield '<main>\n'
    yield from context.blocks['header'][0](context)
    yield from context.blocks['summary'][0](context)
    yield from context.blocks['impact'][0](context)
    yield escape(environment.call(context, (undefined(name='team_sections') if l_0_team_sections is missing else l_0_team_sections), 'summary'))
    yield '\n'
    yield escape(environment.call(context, (undefined(name='team_sections') if l_0_team_sections is missing else l_0_team_sections), 'impact'))
    yield '\n'
    yield from context.blocks['timeline'][0](context)
    yield from context.blocks['metrics'][0](context)
    yield escape(environment.call(context, (undefined(name='team_sections') if l_0_team_sections is missing else l_0_team_sections), 'timeline'))
    yield '\n'
    yield from context.blocks['root_cause'][0](context)
    yield escape(environment.call(context, (undefined(name='team_sections') if l_0_team_sections is missing else l_0_team_sections), 'root_cause'))
    yield '\n'
    yield from context.blocks['factors'][0](context)
    yield escape(environment.call(context, (undefined(name='team_sections') if l_0_team_sections is missing else l_0_team_sections), 'factors'))
    yield '\n'
    yield from context.blocks['went_well'][0](context)
    yield escape(environment.call(context, (undefined(name='team_sections') if l_0_team_sections is missing else l_0_team_sections), 'went_well'))
    yield '\n'
    yield from context.blocks['went_wrong'][0](context)
    yield from context.blocks['lucky'][0](context)
    yield escape(environment.call(context, (undefined(name='team_sections') if l_0_team_sections is missing else l_0_team_sections), 'went_wrong'))
    yield '\n'
    yield from context.blocks['action_items'][0](context)
    yield escape(environment.call(context, (undefined(name='team_sections') if l_0_team_sections is missing else l_0_team_sections), 'action_items'))
    yield '\n'
    yield from context.blocks['lessons'][0](context)
    yield escape(environment.call(context, (undefined(name='team_sections') if l_0_team_sections is missing else l_0_team_sections), 'lessons'))
    yield '\n'
    yield from context.blocks['related'][0](context)
    yield escape(environment.call(context, (undefined(name='team_sections') if l_0_team_sections is missing else l_0_team_sections), 'related'))
    yield '\n'
    yield from context.blocks['prevention'][0](context)
    yield escape(environment.call(context, (undefined(name='team_sections') if l_0_team_sections is missing else l_0_team_sections), 'prevention'))
    yield '\n'
    yield from context.blocks['appendix'][0](context)
    yield escape(environment.call(context, (undefined(name='team_sections') if l_0_team_sections is missing else l_0_team_sections), 'appendix'))
    yield '\n'
    yield from context.blocks['review'][0](context)
    yield '</main>\n'
    yield from context.blocks['footer'][0](context)
    yield '</body>\n</html>\n'

def block_style(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass
    template = environment.get_template('builtin/html/style.css.j2', 'default.html.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()

def block_header(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_meta = resolve('meta')
    l_0_authors = resolve('authors')
    l_0_status = resolve('status')
    l_0_severity = resolve('severity')
    l_0_responders = resolve('responders')
    try:
        t_8 = environment.filters['date']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'date' found.")
    try:
        t_9 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_9(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    pass
    yield '<header>\n<h1>Postmortem: '
    yield escape(environment.getattr((undefined(name='meta') if l_0_meta is missing else l_0_meta), 'title'))
    if environment.getattr((undefined(name='meta') if l_0_meta is missing else l_0_meta), 'incident_id'):
        pass
        yield ' <span class="id">('
        yield escape(environment.getattr((undefined(name='meta') if l_0_meta is missing else l_0_meta), 'incident_id'))
        yield ')</span>'
    yield '</h1>\n<dl class="facts">\n<dt>Date</dt><dd>'
    yield escape((t_8(environment.getattr((undefined(name='meta') if l_0_meta is missing else l_0_meta), 'date')) if environment.getattr((undefined(name='meta') if l_0_meta is missing else l_0_meta), 'date') else '[not set]'))
    yield '</dd>\n<dt>Authors</dt><dd>'
    yield escape((t_9(context.eval_ctx, (undefined(name='authors') if l_0_authors is missing else l_0_authors), ', ') if (undefined(name='authors') if l_0_authors is missing else l_0_authors) else '[not set]'))
    yield '</dd>\n<dt>Status</dt><dd>'
    yield escape((undefined(name='status') if l_0_status is missing else l_0_status))
    yield '</dd>\n<dt>Severity</dt><dd>'
    yield escape(((undefined(name='severity') if l_0_severity is missing else l_0_severity) if (undefined(name='severity') if l_0_severity is missing else l_0_severity) else '[not set]'))
    yield '</dd>\n'
    if environment.getattr((undefined(name='meta') if l_0_meta is missing else l_0_meta), 'services'):
        pass
        yield '<dt>Services</dt><dd>'
        yield escape(t_9(context.eval_ctx, environment.getattr((undefined(name='meta') if l_0_meta is missing else l_0_meta), 'services'), ', '))
        yield '</dd>\n'
    if (undefined(name='responders') if l_0_responders is missing else l_0_responders):
        pass
        yield '<dt>Responders</dt><dd>'
        yield escape(t_9(context.eval_ctx, (undefined(name='responders') if l_0_responders is missing else l_0_responders), ', '))
        yield '</dd>\n'
    if environment.getattr((undefined(name='meta') if l_0_meta is missing else l_0_meta), 'tags'):
        pass
        yield '<dt>Tags</dt><dd class="tags">'
        for l_1_tag in environment.call(context, environment.guard_loop, environment.getattr((undefined(name='meta') if l_0_meta is missing else l_0_meta), 'tags'), _block_vars=_block_vars):
            _loop_vars = {}
            pass
            yield '<span>'
            yield escape(l_1_tag)
            yield '</span>'
        l_1_tag = missing
        yield '</dd>\n'
    yield '</dl>\n</header>\n'

def block_summary(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_draft = resolve('draft')
    l_0_placeholder = resolve('placeholder')
    try:
        t_1 = environment.filters['prose']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'prose' found.")
    pass
    yield '<section id="summary">\n<h2>Summary</h2>\n'
    yield escape((t_1(environment.getattr(environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'summary'), 'text')) if environment.getattr(environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'summary'), 'text') else environment.call(context, (undefined(name='placeholder') if l_0_placeholder is missing else l_0_placeholder), '[What happened, in 2-3 sentences: the impact and the root cause.]', _block_vars=_block_vars)))
    yield '\n</section>\n'

def block_impact(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_draft = resolve('draft')
    l_0_duration = resolve('duration')
    l_0_phases = resolve('phases')
    l_0_has_impact = resolve('has_impact')
    l_0_impact = missing
    try:
        t_10 = environment.filters['money']
    except KeyError:
        @internalcode
        def t_10(*unused):
            raise TemplateRuntimeError("No filter named 'money' found.")
    try:
        t_11 = environment.filters['number']
    except KeyError:
        @internalcode
        def t_11(*unused):
            raise TemplateRuntimeError("No filter named 'number' found.")
    try:
        t_12 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_12(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    l_0_impact = environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'impact')
    _block_vars['impact'] = l_0_impact
    yield '<section id="impact" aria-labelledby="impact-title">\n<h3 id="impact-title">Impact</h3>\n<ul class="impact">\n'
    if (undefined(name='duration') if l_0_duration is missing else l_0_duration):
        pass
        yield '<li>Duration: '
        yield escape((undefined(name='duration') if l_0_duration is missing else l_0_duration))
        yield '</li>\n'
    for l_1_phase in environment.call(context, environment.guard_loop, (undefined(name='phases') if l_0_phases is missing else l_0_phases), _block_vars=_block_vars):
        _loop_vars = {}
        pass
        yield '<li>'
        yield escape(environment.getattr(l_1_phase, 'label'))
        yield escape((environment.sized(markup_join((': ', environment.getattr(l_1_phase, 'span'), ))) if environment.getattr(l_1_phase, 'span') else cond_expr_undefined("the inline if-expression on line 98 in 'default.html.j2' evaluated to false and no else section was defined.")))
        yield escape((environment.sized(markup_join((', ', environment.getattr(l_1_phase, 'duration'), ))) if environment.getattr(l_1_phase, 'duration') else cond_expr_undefined("the inline if-expression on line 98 in 'default.html.j2' evaluated to false and no else section was defined.")))
        yield escape((environment.sized(markup_join((' - ', environment.getattr(l_1_phase, 'description'), ))) if environment.getattr(l_1_phase, 'description') else cond_expr_undefined("the inline if-expression on line 98 in 'default.html.j2' evaluated to false and no else section was defined.")))
        yield '</li>\n'
    l_1_phase = missing
    if (not t_12(environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'users_affected'))):
        pass
        yield '<li>Users affected: '
        yield escape(t_11(environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'users_affected'), environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'approximate')))
        yield '</li>\n'
    if (not t_12(environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'requests_failed'))):
        pass
        yield '<li>Requests failed: '
        yield escape(t_11(environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'requests_failed'), environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'approximate')))
        yield '</li>\n'
    if (not t_12(environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'revenue_loss'))):
        pass
        yield '<li>Revenue impact: '
        yield escape(t_10(environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'revenue_loss'), environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'currency'), environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'approximate')))
        yield '</li>\n'
    if environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'description'):
        pass
        yield '<li>'
        yield escape(environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'description'))
        yield '</li>\n'
    for l_1_line in environment.call(context, environment.guard_loop, environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'extra'), _block_vars=_block_vars):
        _loop_vars = {}
        pass
        yield '<li>'
        if environment.getattr(l_1_line, 'label'):
            pass
            yield escape(environment.getattr(l_1_line, 'label'))
            yield ': '
        yield escape(environment.getattr(l_1_line, 'value'))
        yield '</li>\n'
    l_1_line = missing
    if (not (undefined(name='has_impact') if l_0_has_impact is missing else l_0_has_impact)):
        pass
        yield '<li class="placeholder">[Users affected, requests failed, revenue impact, duration]</li>\n'
    yield '</ul>\n</section>\n'

def block_timeline(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_timezone = resolve('timezone')
    l_0_timeline_svg = resolve('timeline_svg')
    l_0_event_kinds = resolve('event_kinds')
    l_0_timeline = resolve('timeline')
    l_0_has_actors = resolve('has_actors')
    l_0_timeline_body = resolve('timeline_body')
    l_0_placeholder = resolve('placeholder')
    try:
        t_13 = environment.filters['kind_icon']
    except KeyError:
        @internalcode
        def t_13(*unused):
            raise TemplateRuntimeError("No filter named 'kind_icon' found.")
    pass
    yield '<section id="timeline">\n<h2>Timeline (All times '
    yield escape((undefined(name='timezone') if l_0_timezone is missing else l_0_timezone))
    yield ')</h2>\n'
    if (undefined(name='timeline_svg') if l_0_timeline_svg is missing else l_0_timeline_svg):
        pass
        yield '<div class="axis-wrap">'
        yield escape((undefined(name='timeline_svg') if l_0_timeline_svg is missing else l_0_timeline_svg))
        yield '</div>\n'
        if (undefined(name='event_kinds') if l_0_event_kinds is missing else l_0_event_kinds):
            pass
            yield '<ul class="legend" aria-label="Kinds of events">\n'
            for l_1_kind in environment.call(context, environment.guard_loop, (undefined(name='event_kinds') if l_0_event_kinds is missing else l_0_event_kinds), _block_vars=_block_vars):
                _loop_vars = {}
                pass
                yield '<li>'
                yield escape(t_13(l_1_kind))
                yield ' '
                yield escape(l_1_kind)
                yield '</li>\n'
            l_1_kind = missing
            yield '</ul>\n'
    if (undefined(name='timeline') if l_0_timeline is missing else l_0_timeline):
        pass
        yield '<div class="table-wrap">\n<table class="timeline stack">\n<thead><tr><th scope="col">Time</th><th scope="col">Kind</th><th scope="col">Event</th>'
        if (undefined(name='has_actors') if l_0_has_actors is missing else l_0_has_actors):
            pass
            yield '<th scope="col">Who</th>'
        yield '</tr></thead>\n<tbody>\n'
        yield escape((undefined(name='timeline_body') if l_0_timeline_body is missing else l_0_timeline_body))
        yield '</tbody>\n</table>\n</div>\n'
    else:
        pass
        yield escape(environment.call(context, (undefined(name='placeholder') if l_0_placeholder is missing else l_0_placeholder), '[What happened when, with exact times.]', _block_vars=_block_vars))
        yield '\n'
    yield '</section>\n'

def block_metrics(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_metrics = resolve('metrics')
    l_0_known = missing
    try:
        t_14 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_14(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_15 = environment.filters['minutes']
    except KeyError:
        @internalcode
        def t_15(*unused):
            raise TemplateRuntimeError("No filter named 'minutes' found.")
    try:
        t_16 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_16(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    pass
    l_0_known = t_14(context.eval_ctx, t_16(context, environment.call(context, environment.getattr((undefined(name='metrics') if l_0_metrics is missing else l_0_metrics), 'values'), _block_vars=_block_vars), 'seconds', 'ne', None))
    _block_vars['known'] = l_0_known
    if (undefined(name='known') if l_0_known is missing else l_0_known):
        pass
        yield '<section id="metrics">\n<h2>Metrics</h2>\n<div class="table-wrap">\n<table class="metrics">\n<thead><tr><th scope="col">Metric</th><th scope="col">Value</th><th scope="col">Formula</th></tr></thead>\n<tbody>\n'
        for l_1_metric in environment.call(context, environment.guard_loop, (undefined(name='known') if l_0_known is missing else l_0_known), _block_vars=_block_vars):
            _loop_vars = {}
            pass
            yield '<tr><td>'
            yield escape(environment.getattr(l_1_metric, 'label'))
            yield '</td><td>'
            yield escape(t_15(environment.getattr(l_1_metric, 'seconds')))
            yield '</td><td>'
            yield escape(environment.getattr(l_1_metric, 'formula'))
            yield '</td></tr>\n'
        l_1_metric = missing
        yield '</tbody>\n</table>\n</div>\n</section>\n'

def block_root_cause(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_draft = resolve('draft')
    l_0_placeholder = resolve('placeholder')
    l_0_code_blocks = resolve('code_blocks')
    try:
        t_1 = environment.filters['prose']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'prose' found.")
    pass
    yield '<section id="root-cause">\n<h2>Root Cause</h2>\n'
    yield escape((t_1(environment.getattr(environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'root_cause'), 'text')) if environment.getattr(environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'root_cause'), 'text') else environment.call(context, (undefined(name='placeholder') if l_0_placeholder is missing else l_0_placeholder), '[The technical explanation: what failed, and why.]', _block_vars=_block_vars)))
    yield '\n'
    yield escape(environment.call(context, (undefined(name='code_blocks') if l_0_code_blocks is missing else l_0_code_blocks), environment.getattr(environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'root_cause'), 'code'), _block_vars=_block_vars))
    yield '\n</section>\n'

def block_factors(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_draft = resolve('draft')
    l_0_placeholder = resolve('placeholder')
    pass
    yield '<section id="factors">\n<h2>Contributing Factors</h2>\n'
    if environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'factors'):
        pass
        yield '<ol class="factors">\n'
        for l_1_factor in environment.call(context, environment.guard_loop, environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'factors'), _block_vars=_block_vars):
            l_1_point = resolve('point')
            _loop_vars = {}
            pass
            yield '<li>'
            yield escape(environment.call(context, (undefined(name='point') if l_1_point is missing else l_1_point), environment.getattr(l_1_factor, 'title'), environment.getattr(l_1_factor, 'summary'), _loop_vars=_loop_vars))
            yield '\n'
            if environment.getattr(l_1_factor, 'details'):
                pass
                yield '<ul>\n'
                for l_2_detail in environment.call(context, environment.guard_loop, environment.getattr(l_1_factor, 'details'), _loop_vars=_loop_vars):
                    _loop_vars = {}
                    pass
                    yield '<li>'
                    yield escape(l_2_detail)
                    yield '</li>\n'
                l_2_detail = missing
                yield '</ul>\n'
            yield '</li>\n'
        l_1_factor = l_1_point = missing
        yield '</ol>\n'
    else:
        pass
        yield escape(environment.call(context, (undefined(name='placeholder') if l_0_placeholder is missing else l_0_placeholder), '[The broader context that let the root cause through: testing, monitoring, review, process.]', _block_vars=_block_vars))
        yield '\n'
    yield '</section>\n'

def block_went_well(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_draft = resolve('draft')
    l_0_points = resolve('points')
    l_0_placeholder = resolve('placeholder')
    pass
    yield '<section id="went-well">\n<h2>What Went Well</h2>\n'
    yield escape((environment.call(context, (undefined(name='points') if l_0_points is missing else l_0_points), environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'went_well'), '✅', _block_vars=_block_vars) if environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'went_well') else environment.call(context, (undefined(name='placeholder') if l_0_placeholder is missing else l_0_placeholder), '[What helped: detection, runbooks, decisions, communication.]', _block_vars=_block_vars)))
    yield '\n</section>\n'

def block_went_wrong(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_draft = resolve('draft')
    l_0_points = resolve('points')
    l_0_placeholder = resolve('placeholder')
    pass
    yield '<section id="went-wrong">\n<h2>What Went Wrong</h2>\n'
    yield escape((environment.call(context, (undefined(name='points') if l_0_points is missing else l_0_points), environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'went_wrong'), '❌', _block_vars=_block_vars) if environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'went_wrong') else environment.call(context, (undefined(name='placeholder') if l_0_placeholder is missing else l_0_placeholder), '[What made it worse or slower: gaps in systems and processes, not people.]', _block_vars=_block_vars)))
    yield '\n</section>\n'

def block_lucky(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_draft = resolve('draft')
    l_0_points = resolve('points')
    pass
    if environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'lucky'):
        pass
        yield '<section id="lucky">\n<h2>Where We Got Lucky</h2>\n'
        yield escape(environment.call(context, (undefined(name='points') if l_0_points is missing else l_0_points), environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'lucky'), '🍀', _block_vars=_block_vars))
        yield '\n</section>\n'

def block_action_items(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_action_items = resolve('action_items')
    l_0_placeholder = resolve('placeholder')
    pass
    yield '<section id="action-items">\n<h2>Action Items</h2>\n'
    if (undefined(name='action_items') if l_0_action_items is missing else l_0_action_items):
        pass
        yield '<div class="table-wrap">\n<table class="actions stack">\n<thead><tr><th scope="col">Action</th><th scope="col">Owner</th><th scope="col">Due Date</th><th scope="col">Priority</th><th scope="col">Status</th></tr></thead>\n<tbody>\n'
        for l_1_item in environment.call(context, environment.guard_loop, (undefined(name='action_items') if l_0_action_items is missing else l_0_action_items), _block_vars=_block_vars):
            l_1_link = resolve('link')
            _loop_vars = {}
            pass
            yield '<tr><td>'
            yield escape((environment.call(context, (undefined(name='link') if l_1_link is missing else l_1_link), environment.getattr(l_1_item, 'action'), environment.getattr(l_1_item, 'link'), _loop_vars=_loop_vars) if environment.getattr(l_1_item, 'link') else environment.getattr(l_1_item, 'action')))
            yield '</td><td data-label="Owner">'
            yield escape(environment.getattr(l_1_item, 'owner'))
            yield '</td><td class="due" data-label="Due">'
            yield escape(environment.getattr(l_1_item, 'due'))
            yield '</td><td data-label="Priority">'
            yield escape(environment.getattr(l_1_item, 'priority'))
            yield '</td><td data-label="Status">'
            yield escape(environment.getattr(l_1_item, 'status'))
            yield '</td></tr>\n'
        l_1_item = l_1_link = missing
        yield '</tbody>\n</table>\n</div>\n'
    else:
        pass
        yield escape(environment.call(context, (undefined(name='placeholder') if l_0_placeholder is missing else l_0_placeholder), '[Concrete follow-up work, each with an owner and a due date.]', _block_vars=_block_vars))
        yield '\n'
    yield '</section>\n'

def block_lessons(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_draft = resolve('draft')
    l_0_points = resolve('points')
    l_0_placeholder = resolve('placeholder')
    pass
    yield '<section id="lessons">\n<h2>Lessons Learned</h2>\n'
    yield escape((environment.call(context, (undefined(name='points') if l_0_points is missing else l_0_points), environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'lessons'), _block_vars=_block_vars) if environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'lessons') else environment.call(context, (undefined(name='placeholder') if l_0_placeholder is missing else l_0_placeholder), '[The key takeaways.]', _block_vars=_block_vars)))
    yield '\n</section>\n'

def block_related(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_draft = resolve('draft')
    l_0_site = resolve('site')
    try:
        t_8 = environment.filters['date']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'date' found.")
    try:
        t_9 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_9(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    pass
    if (environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'related') or ((undefined(name='site') if l_0_site is missing else l_0_site) and environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'related'))):
        pass
        yield '<section id="related">\n<h2>Related Incidents</h2>\n'
        if environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'related'):
            pass
            yield '<ul class="related">\n'
            l_1_loop = missing
            for l_1_item, l_1_loop in LoopContext(environment.call(context, environment.guard_loop, environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'related'), _block_vars=_block_vars), undefined):
                l_1_related_links = resolve('related_links')
                l_1_link = resolve('link')
                _loop_vars = {}
                pass
                yield '<li>'
                if environment.getattr(l_1_item, 'date'):
                    pass
                    yield '['
                    yield escape(t_8(environment.getattr(l_1_item, 'date')))
                    yield '] '
                yield escape((environment.call(context, (undefined(name='link') if l_1_link is missing else l_1_link), (environment.getattr(l_1_item, 'title') or environment.getattr(l_1_item, 'link')), environment.getitem((undefined(name='related_links') if l_1_related_links is missing else l_1_related_links), environment.getattr(l_1_loop, 'index0')), _loop_vars=_loop_vars) if environment.getitem((undefined(name='related_links') if l_1_related_links is missing else l_1_related_links), environment.getattr(l_1_loop, 'index0')) else environment.getattr(l_1_item, 'title')))
                yield '</li>\n'
            l_1_loop = l_1_item = l_1_related_links = l_1_link = missing
            yield '</ul>\n'
        if ((undefined(name='site') if l_0_site is missing else l_0_site) and environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'related')):
            pass
            yield '<h3>Postmortems like this one</h3>\n<ul class="suggested">\n'
            for l_1_page in environment.call(context, environment.guard_loop, environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'related'), _block_vars=_block_vars):
                l_1_link = resolve('link')
                _loop_vars = {}
                pass
                yield '<li>'
                if environment.getattr(l_1_page, 'date'):
                    pass
                    yield '['
                    yield escape(environment.getattr(l_1_page, 'date'))
                    yield '] '
                yield escape(environment.call(context, (undefined(name='link') if l_1_link is missing else l_1_link), environment.getattr(l_1_page, 'title'), environment.getattr(l_1_page, 'url'), _loop_vars=_loop_vars))
                if environment.getattr(l_1_page, 'reasons'):
                    pass
                    yield ' <span class="placeholder">('
                    yield escape(t_9(context.eval_ctx, environment.getattr(l_1_page, 'reasons'), '; '))
                    yield ')</span>'
                yield '</li>\n'
            l_1_page = l_1_link = missing
            yield '</ul>\n'
        yield '</section>\n'

def block_prevention(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_draft = resolve('draft')
    pass
    if environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'prevention'):
        pass
        yield '<section id="prevention">\n<h2>Prevention</h2>\n<p>To prevent similar incidents:</p>\n<ol class="prevention">\n'
        for l_1_item in environment.call(context, environment.guard_loop, environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'prevention'), _block_vars=_block_vars):
            _loop_vars = {}
            pass
            yield '<li><span aria-label="'
            yield escape(('done' if environment.getattr(l_1_item, 'done') else 'not done'))
            yield '">'
            yield escape(('✅' if environment.getattr(l_1_item, 'done') else '⬜'))
            yield '</span> '
            yield escape(environment.getattr(l_1_item, 'text'))
            yield '</li>\n'
        l_1_item = missing
        yield '</ol>\n</section>\n'

def block_appendix(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_draft = resolve('draft')
    l_0_placeholder = resolve('placeholder')
    l_0_code_blocks = resolve('code_blocks')
    l_0_appendix = missing
    try:
        t_1 = environment.filters['prose']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'prose' found.")
    pass
    l_0_appendix = environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'appendix')
    _block_vars['appendix'] = l_0_appendix
    yield '<section id="appendix">\n<h2>Appendix</h2>\n<h3>Monitoring Graphs</h3>\n'
    yield escape((t_1(environment.getattr((undefined(name='appendix') if l_0_appendix is missing else l_0_appendix), 'monitoring_graphs')) if environment.getattr((undefined(name='appendix') if l_0_appendix is missing else l_0_appendix), 'monitoring_graphs') else environment.call(context, (undefined(name='placeholder') if l_0_placeholder is missing else l_0_placeholder), '[Insert graphs of the key metrics during the incident]', _block_vars=_block_vars)))
    yield '\n<h3>Communication Log</h3>\n'
    yield escape((t_1(environment.getattr((undefined(name='appendix') if l_0_appendix is missing else l_0_appendix), 'communication_log')) if environment.getattr((undefined(name='appendix') if l_0_appendix is missing else l_0_appendix), 'communication_log') else environment.call(context, (undefined(name='placeholder') if l_0_placeholder is missing else l_0_placeholder), '[Insert status page updates and customer communication]', _block_vars=_block_vars)))
    yield '\n'
    if environment.getattr((undefined(name='appendix') if l_0_appendix is missing else l_0_appendix), 'code'):
        pass
        yield '<h3>Code Fix</h3>\n'
        yield escape(environment.call(context, (undefined(name='code_blocks') if l_0_code_blocks is missing else l_0_code_blocks), environment.getattr((undefined(name='appendix') if l_0_appendix is missing else l_0_appendix), 'code'), _block_vars=_block_vars))
        yield '\n'
    yield '</section>\n'

def block_review(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

def block_footer(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_site = resolve('site')
    try:
        t_2 = environment.filters['safe_url']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'safe_url' found.")
    pass
    yield '<footer>\n'
    if (undefined(name='site') if l_0_site is missing else l_0_site):
        pass
        yield '<a href="'
        yield escape(t_2(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'home')))
        yield 'index.html">All postmortems</a> · '
    yield 'Written with postmortem-tui. Blameless: about systems and processes, not people.\n</footer>\n'

blocks = {'style': block_style, 'header': block_header, 'summary': block_summary, 'impact': block_impact, 'timeline': block_timeline, 'metrics': block_metrics, 'root_cause': block_root_cause, 'factors': block_factors, 'went_well': block_went_well, 'went_wrong': block_went_wrong, 'lucky': block_lucky, 'action_items': block_action_items, 'lessons': block_lessons, 'related': block_related, 'prevention': block_prevention, 'appendix': block_appendix, 'review': block_review, 'footer': block_footer}
debug_info = '9=27&10=40&11=49&12=56&13=64&14=74&16=79&18=89&19=94&23=104&24=109&26=115&27=125&31=141&32=147&34=152&35=154&43=162&47=164&49=170&55=172&57=175&58=179&59=181&63=184&83=185&89=186&121=187&122=189&123=191&154=192&172=193&173=195&180=196&181=198&203=199&204=201&210=202&211=204&217=205&225=206&226=208&245=209&246=211&252=212&253=214&275=215&276=217&289=218&290=220&304=221&305=223&307=225&49=228&50=236&63=243&65=269&67=276&68=278&69=280&70=282&71=284&72=287&74=289&75=292&77=294&78=297&83=307&86=324&89=327&90=358&94=361&95=364&97=366&98=370&100=376&101=379&103=381&104=384&106=386&107=389&109=391&110=394&112=396&113=400&115=407&123=412&125=434&126=436&127=439&128=441&130=444&131=448&136=454&139=457&146=461&150=465&154=469&155=497&156=499&163=502&164=506&173=515&176=533&177=535&181=538&184=549&186=552&187=557&188=559&190=562&191=566&199=575&204=579&207=591&211=594&214=606&217=609&218=619&221=622&226=625&229=636&234=639&235=644&241=658&246=662&249=674&253=677&254=699&257=702&259=706&260=712&264=721&267=724&268=729&276=745&277=754&282=757&283=761&290=770&291=788&295=791&297=793&298=795&300=798&305=802&307=811&309=827'