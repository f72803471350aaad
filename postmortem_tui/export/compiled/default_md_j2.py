# stamp: 0cb9261e12b464a390b426fa48a0b711
# Written by scripts/compile-templates.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'default.md.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_point = l_0_points = l_0_team_sections = l_0_code_blocks = missing
    try:
        t_1 = environment.filters['md_block']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'md_block' found.")
    try:
        t_2 = environment.filters['md_code']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'md_code' found.")
    try:
        t_3 = environment.filters['md_inline']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'md_inline' found.")
    pass
    def macro(l_1_title, l_1_detail, l_1_mark):
        t_4 = []
        if l_1_title is missing:
            l_1_title = undefined("parameter 'title' was not provided", name='title')
        if l_1_detail is missing:
            l_1_detail = undefined("parameter 'detail' was not provided", name='detail')
        if l_1_mark is missing:
            l_1_mark = ''
        pass
        t_4.append(
            str((environment.sized(str_join((l_1_mark, ' ', ))) if l_1_mark else cond_expr_undefined("the inline if-expression on line 8 in 'default.md.j2' evaluated to false and no else section was defined."))),
        )
        if (l_1_title and l_1_detail):
            pass
            t_4.extend((
                '**',
                str(t_3(l_1_title)),
                ':** ',
                str(t_3(l_1_detail)),
            ))
        elif l_1_title:
            pass
            t_4.extend((
                '**',
                str(t_3(l_1_title)),
                '**',
            ))
        else:
            pass
            t_4.append(
                str(t_3(l_1_detail)),
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
        l_2_loop = missing
        for l_2_item, l_2_loop in LoopContext(environment.call(context, environment.guard_loop, l_1_items), undefined):
            _loop_vars = {}
            pass
            t_5.extend((
                str(environment.getattr(l_2_loop, 'index')),
                '. ',
                str(environment.call(context, (undefined(name='point') if l_0_point is missing else l_0_point), environment.getattr(l_2_item, 'title'), environment.getattr(l_2_item, 'detail'), l_1_mark, _loop_vars=_loop_vars)),
                '\n',
            ))
        l_2_loop = l_2_item = missing
        return concat(t_5)
    context.exported_vars.add('points')
    context.vars['points'] = l_0_points = Macro(environment, macro, 'points', ('items', 'mark'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_place):
        t_6 = []
        l_1_sections_after = resolve('sections_after')
        if l_1_place is missing:
            l_1_place = undefined("parameter 'place' was not provided", name='place')
        pass
        for l_2_section in environment.call(context, environment.guard_loop, environment.getitem((undefined(name='sections_after') if l_1_sections_after is missing else l_1_sections_after), l_1_place)):
            _loop_vars = {}
            pass
            t_6.extend((
                '\n## ',
                str(t_3(environment.getattr(l_2_section, 'title'))),
                '\n\n',
                str((t_1(environment.getattr(l_2_section, 'text')) if environment.getattr(l_2_section, 'text') else '[Not written yet.]')),
                '\n',
            ))
        l_2_section = missing
        return concat(t_6)
    context.exported_vars.add('team_sections')
    context.vars['team_sections'] = l_0_team_sections = Macro(environment, macro, 'team_sections', ('place',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_blocks, l_1_bold_caption):
        t_7 = []
        if l_1_blocks is missing:
            l_1_blocks = undefined("parameter 'blocks' was not provided", name='blocks')
        if l_1_bold_caption is missing:
            l_1_bold_caption = undefined("parameter 'bold_caption' was not provided", name='bold_caption')
        pass
        for l_2_block in environment.call(context, environment.guard_loop, l_1_blocks):
            _loop_vars = {}
            pass
            t_7.append(
                '\n',
            )
            if environment.getattr(l_2_block, 'caption'):
                pass
                if l_1_bold_caption:
                    pass
                    t_7.extend((
                        '**',
                        str(t_3(environment.getattr(l_2_block, 'caption'))),
                        ':**\n',
                    ))
                else:
                    pass
                    t_7.extend((
                        str(t_3(environment.getattr(l_2_block, 'caption'))),
                        '\n',
                    ))
                t_7.append(
                    '\n',
                )
            t_7.extend((
                str(t_2(environment.getattr(l_2_block, 'code'), environment.getattr(l_2_block, 'language'))),
                '\n',
            ))
        l_2_block = missing
        return concat(t_7)
    context.exported_vars.add('code_blocks')
    context.vars['code_blocks'] = l_0_code_blocks = Macro(environment, macro, 'code_blocks', ('blocks', 'bold_caption'), False, False, False, context.eval_ctx.autoescape)
    yield from context.blocks['header'][0](context)
    yield from context.blocks['summary'][0](context)
    yield from context.blocks['impact'][0](context)
    yield str(environment.call(context, (undefined(name='team_sections') if l_0_team_sections is missing else l_0_team_sections), 'summary'))
    yield str(environment.call(context, (undefined(name='team_sections') if l_0_team_sections is missing else l_0_team_sections), 'impact'))
    yield from context.blocks['timeline'][0](context)
    yield from context.blocks['metrics'][0](context)
    yield str(environment.call(context, (undefined(name='team_sections') if l_0_team_sections is missing else l_0_team_sections), 'timeline'))
    yield from context.blocks['root_cause'][0](context)
    yield str(environment.call(context, (undefined(name='team_sections') if l_0_team_sections is missing else l_0_team_sections), 'root_cause'))
    yield from context.blocks['factors'][0](context)
    yield str(environment.call(context, (undefined(name='team_sections') if l_0_team_sections is missing else l_0_team_sections), 'factors'))
    yield from context.blocks['went_well'][0](context)
    yield str(environment.call(context, (undefined(name='team_sections') if l_0_team_sections is missing else l_0_team_sections), 'went_well'))
    yield from context.blocks['went_wrong'][0](context)
    yield from context.blocks['lucky'][0](context)
    yield str(environment.call(context, (undefined(name='team_sections') if l_0_team_sections is missing else l_0_team_sections), 'went_wrong'))
    yield from context.blocks['action_items'][0](context)
    yield str(environment.call(context, (undefined(name='team_sections') if l_0_team_sections is missing else l_0_team_sections), 'action_items'))
    yield from context.blocks['lessons'][0](context)
    yield str(environment.call(context, (undefined(name='team_sections') if l_0_team_sections is missing else l_0_team_sections), 'lessons'))
    yield from context.blocks['related'][0](context)
    yield str(environment.call(context, (undefined(name='team_sections') if l_0_team_sections is missing else l_0_team_sections), 'related'))
    yield from context.blocks['prevention'][0](context)
    yield str(environment.call(context, (undefined(name='team_sections') if l_0_team_sections is missing else l_0_team_sections), 'prevention'))
    yield from context.blocks['appendix'][0](context)
    yield str(environment.call(context, (undefined(name='team_sections') if l_0_team_sections is missing else l_0_team_sections), 'appendix'))
    yield from context.blocks['review'][0](context)

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
    try:
        t_10 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_10(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_3 = environment.filters['md_inline']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'md_inline' found.")
    pass
    yield '# Postmortem: '
    yield str(t_3(environment.getattr((undefined(name='meta') if l_0_meta is missing else l_0_meta), 'title')))
    yield str((environment.sized(str_join((' (', t_3(environment.getattr((undefined(name='meta') if l_0_meta is missing else l_0_meta), 'incident_id')), ')', ))) if environment.getattr((undefined(name='meta') if l_0_meta is missing else l_0_meta), 'incident_id') else cond_expr_undefined("the inline if-expression on line 41 in 'default.md.j2' evaluated to false and no else section was defined.")))
    yield '\n\n**Date:** '
    yield str((t_8(environment.getattr((undefined(name='meta') if l_0_meta is missing else l_0_meta), 'date')) if environment.getattr((undefined(name='meta') if l_0_meta is missing else l_0_meta), 'date') else '[not set]'))
    yield '\n**Authors:** '
    yield str((t_9(context.eval_ctx, t_10(context, (undefined(name='authors') if l_0_authors is missing else l_0_authors), 'md_inline'), ', ') if (undefined(name='authors') if l_0_authors is missing else l_0_authors) else '[not set]'))
    yield '\n**Status:** '
    yield str((undefined(name='status') if l_0_status is missing else l_0_status))
    yield '\n**Severity:** '
    yield str((t_3((undefined(name='severity') if l_0_severity is missing else l_0_severity)) if (undefined(name='severity') if l_0_severity is missing else l_0_severity) else '[not set]'))
    yield '\n'
    if environment.getattr((undefined(name='meta') if l_0_meta is missing else l_0_meta), 'services'):
        pass
        yield '**Services:** '
        yield str(t_9(context.eval_ctx, t_10(context, environment.getattr((undefined(name='meta') if l_0_meta is missing else l_0_meta), 'services'), 'md_inline'), ', '))
        yield '\n'
    if (undefined(name='responders') if l_0_responders is missing else l_0_responders):
        pass
        yield '**Responders:** '
        yield str(t_9(context.eval_ctx, t_10(context, (undefined(name='responders') if l_0_responders is missing else l_0_responders), 'md_inline'), ', '))
        yield '\n'

def block_summary(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_draft = resolve('draft')
    try:
        t_1 = environment.filters['md_block']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'md_block' found.")
    pass
    yield '\n## Summary\n\n'
    yield str((t_1(environment.getattr(environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'summary'), 'text')) if environment.getattr(environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'summary'), 'text') else '[What happened, in 2-3 sentences: the impact and the root cause.]'))
    yield '\n'

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
        t_3 = environment.filters['md_inline']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'md_inline' found.")
    try:
        t_11 = environment.filters['money']
    except KeyError:
        @internalcode
        def t_11(*unused):
            raise TemplateRuntimeError("No filter named 'money' found.")
    try:
        t_12 = environment.filters['number']
    except KeyError:
        @internalcode
        def t_12(*unused):
            raise TemplateRuntimeError("No filter named 'number' found.")
    try:
        t_13 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_13(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    l_0_impact = environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'impact')
    _block_vars['impact'] = l_0_impact
    yield '\n**Impact:**\n\n'
    if (undefined(name='duration') if l_0_duration is missing else l_0_duration):
        pass
        yield '- Duration: '
        yield str((undefined(name='duration') if l_0_duration is missing else l_0_duration))
        yield '\n'
    for l_1_phase in environment.call(context, environment.guard_loop, (undefined(name='phases') if l_0_phases is missing else l_0_phases), _block_vars=_block_vars):
        _loop_vars = {}
        pass
        yield '- '
        yield str(t_3(environment.getattr(l_1_phase, 'label')))
        yield str((environment.sized(str_join((': ', environment.getattr(l_1_phase, 'span'), ))) if environment.getattr(l_1_phase, 'span') else cond_expr_undefined("the inline if-expression on line 69 in 'default.md.j2' evaluated to false and no else section was defined.")))
        yield str((environment.sized(str_join((', ', environment.getattr(l_1_phase, 'duration'), ))) if environment.getattr(l_1_phase, 'duration') else cond_expr_undefined("the inline if-expression on line 69 in 'default.md.j2' evaluated to false and no else section was defined.")))
        yield str((environment.sized(str_join((' - ', t_3(environment.getattr(l_1_phase, 'description')), ))) if environment.getattr(l_1_phase, 'description') else cond_expr_undefined("the inline if-expression on line 69 in 'default.md.j2' evaluated to false and no else section was defined.")))
        yield '\n'
    l_1_phase = missing
    if (not t_13(environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'users_affected'))):
        pass
        yield '- Users affected: '
        yield str(t_12(environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'users_affected'), environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'approximate')))
        yield '\n'
    if (not t_13(environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'requests_failed'))):
        pass
        yield '- Requests failed: '
        yield str(t_12(environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'requests_failed'), environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'approximate')))
        yield '\n'
    if (not t_13(environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'revenue_loss'))):
        pass
        yield '- Revenue impact: '
        yield str(t_11(environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'revenue_loss'), environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'currency'), environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'approximate')))
        yield '\n'
    if environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'description'):
        pass
        yield '- '
        yield str(t_3(environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'description')))
        yield '\n'
    for l_1_line in environment.call(context, environment.guard_loop, environment.getattr((undefined(name='impact') if l_0_impact is missing else l_0_impact), 'extra'), _block_vars=_block_vars):
        _loop_vars = {}
        pass
        yield '- '
        yield str((environment.sized(str_join((t_3(environment.getattr(l_1_line, 'label')), ': ', ))) if environment.getattr(l_1_line, 'label') else cond_expr_undefined("the inline if-expression on line 84 in 'default.md.j2' evaluated to false and no else section was defined.")))
        yield str(t_3(environment.getattr(l_1_line, 'value')))
        yield '\n'
    l_1_line = missing
    if (not (undefined(name='has_impact') if l_0_has_impact is missing else l_0_has_impact)):
        pass
        yield '- [Users affected, requests failed, revenue impact, duration]\n'

def block_timeline(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_timezone = resolve('timezone')
    l_0_timeline = resolve('timeline')
    try:
        t_14 = environment.filters['md_table']
    except KeyError:
        @internalcode
        def t_14(*unused):
            raise TemplateRuntimeError("No filter named 'md_table' found.")
    pass
    yield '\n## Timeline (All times '
    yield str((undefined(name='timezone') if l_0_timezone is missing else l_0_timezone))
    yield ')\n\n'
    if (undefined(name='timeline') if l_0_timeline is missing else l_0_timeline):
        pass
        yield str(t_14(environment, (undefined(name='timeline') if l_0_timeline is missing else l_0_timeline), [('Time', 'time'), ('Event', 'event_cell')]))
        yield '\n'
    else:
        pass
        yield '[What happened when, with exact times.]\n'

def block_metrics(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

def block_root_cause(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_draft = resolve('draft')
    l_0_code_blocks = resolve('code_blocks')
    try:
        t_1 = environment.filters['md_block']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'md_block' found.")
    pass
    yield '\n## Root Cause\n\n'
    yield str((t_1(environment.getattr(environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'root_cause'), 'text')) if environment.getattr(environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'root_cause'), 'text') else '[The technical explanation: what failed, and why.]'))
    yield '\n'
    yield str(environment.call(context, (undefined(name='code_blocks') if l_0_code_blocks is missing else l_0_code_blocks), environment.getattr(environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'root_cause'), 'code'), bold_caption=True, _block_vars=_block_vars))

def block_factors(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_draft = resolve('draft')
    try:
        t_15 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_15(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['md_inline']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'md_inline' found.")
    try:
        t_16 = environment.filters['string']
    except KeyError:
        @internalcode
        def t_16(*unused):
            raise TemplateRuntimeError("No filter named 'string' found.")
    pass
    yield '\n## Contributing Factors\n\n'
    l_1_loop = missing
    t_17 = 1
    for l_1_factor, l_1_loop in LoopContext(environment.call(context, environment.guard_loop, environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'factors'), _block_vars=_block_vars), undefined):
        l_1_point = resolve('point')
        l_1_indent = missing
        _loop_vars = {}
        pass
        l_1_indent = environment.call_binop(context, '*', ' ', environment.call_binop(context, '+', t_15(t_16(environment.getattr(l_1_loop, 'index'))), 2))
        _loop_vars['indent'] = l_1_indent
        yield str(environment.getattr(l_1_loop, 'index'))
        yield '. '
        yield str(environment.call(context, (undefined(name='point') if l_1_point is missing else l_1_point), environment.getattr(l_1_factor, 'title'), environment.getattr(l_1_factor, 'summary'), _loop_vars=_loop_vars))
        yield '\n'
        for l_2_detail in environment.call(context, environment.guard_loop, environment.getattr(l_1_factor, 'details'), _loop_vars=_loop_vars):
            _loop_vars = {}
            pass
            yield str((undefined(name='indent') if l_1_indent is missing else l_1_indent))
            yield '- '
            yield str(t_3(l_2_detail))
            yield '\n'
        l_2_detail = missing
        t_17 = 0
    l_1_loop = l_1_factor = l_1_indent = l_1_point = missing
    if t_17:
        pass
        yield '[The broader context that let the root cause through: testing, monitoring, review, process.]\n'

def block_went_well(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_draft = resolve('draft')
    l_0_points = resolve('points')
    pass
    yield '\n## What Went Well\n\n'
    if environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'went_well'):
        pass
        yield str(environment.call(context, (undefined(name='points') if l_0_points is missing else l_0_points), environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'went_well'), '✅', _block_vars=_block_vars))
    else:
        pass
        yield '[What helped: detection, runbooks, decisions, communication.]\n'

def block_went_wrong(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_draft = resolve('draft')
    l_0_points = resolve('points')
    pass
    yield '\n## What Went Wrong\n\n'
    if environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'went_wrong'):
        pass
        yield str(environment.call(context, (undefined(name='points') if l_0_points is missing else l_0_points), environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'went_wrong'), '❌', _block_vars=_block_vars))
    else:
        pass
        yield '[What made it worse or slower: gaps in systems and processes, not people.]\n'

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
        yield '\n## Where We Got Lucky\n\n'
        yield str(environment.call(context, (undefined(name='points') if l_0_points is missing else l_0_points), environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'lucky'), '🍀', _block_vars=_block_vars))

def block_action_items(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_action_items = resolve('action_items')
    try:
        t_14 = environment.filters['md_table']
    except KeyError:
        @internalcode
        def t_14(*unused):
            raise TemplateRuntimeError("No filter named 'md_table' found.")
    pass
    yield '\n## Action Items\n\n'
    if (undefined(name='action_items') if l_0_action_items is missing else l_0_action_items):
        pass
        yield str(t_14(environment, (undefined(name='action_items') if l_0_action_items is missing else l_0_action_items), [('Action', 'action_cell'), ('Owner', 'owner'), ('Due Date', 'due'), ('Priority', 'priority'), ('Status', 'status')]))
        yield '\n'
    else:
        pass
        yield '[Concrete follow-up work, each with an owner and a due date.]\n'

def block_lessons(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_draft = resolve('draft')
    l_0_points = resolve('points')
    pass
    yield '\n## Lessons Learned\n\n'
    if environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'lessons'):
        pass
        yield str(environment.call(context, (undefined(name='points') if l_0_points is missing else l_0_points), environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'lessons'), _block_vars=_block_vars))
    else:
        pass
        yield '[The key takeaways.]\n'

def block_related(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_draft = resolve('draft')
    try:
        t_8 = environment.filters['date']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'date' found.")
    try:
        t_18 = environment.filters['document_link']
    except KeyError:
        @internalcode
        def t_18(*unused):
            raise TemplateRuntimeError("No filter named 'document_link' found.")
    try:
        t_3 = environment.filters['md_inline']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'md_inline' found.")
    try:
        t_19 = environment.filters['md_link']
    except KeyError:
        @internalcode
        def t_19(*unused):
            raise TemplateRuntimeError("No filter named 'md_link' found.")
    pass
    if environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'related'):
        pass
        yield '\n## Related Incidents\n\n'
        for l_1_item in environment.call(context, environment.guard_loop, environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'related'), _block_vars=_block_vars):
            _loop_vars = {}
            pass
            yield '- '
            yield str((environment.sized(str_join(('[', t_8(environment.getattr(l_1_item, 'date')), '] ', ))) if environment.getattr(l_1_item, 'date') else cond_expr_undefined("the inline if-expression on line 185 in 'default.md.j2' evaluated to false and no else section was defined.")))
            yield str((t_19(environment.getattr(l_1_item, 'title'), t_18(environment.getattr(l_1_item, 'link'))) if environment.getattr(l_1_item, 'link') else t_3(environment.getattr(l_1_item, 'title'))))
            yield '\n'
        l_1_item = missing

def block_prevention(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_draft = resolve('draft')
    try:
        t_3 = environment.filters['md_inline']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'md_inline' found.")
    pass
    if environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'prevention'):
        pass
        yield '\n## Prevention\n\nTo prevent similar incidents:\n\n'
        l_1_loop = missing
        for l_1_item, l_1_loop in LoopContext(environment.call(context, environment.guard_loop, environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'prevention'), _block_vars=_block_vars), undefined):
            _loop_vars = {}
            pass
            yield str(environment.getattr(l_1_loop, 'index'))
            yield '. '
            yield str(('✅' if environment.getattr(l_1_item, 'done') else '⬜'))
            yield ' '
            yield str(t_3(environment.getattr(l_1_item, 'text')))
            yield '\n'
        l_1_loop = l_1_item = missing

def block_appendix(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_draft = resolve('draft')
    l_0_code_blocks = resolve('code_blocks')
    l_0_appendix = missing
    try:
        t_1 = environment.filters['md_block']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'md_block' found.")
    pass
    l_0_appendix = environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'appendix')
    _block_vars['appendix'] = l_0_appendix
    yield '\n## Appendix\n\n### Monitoring Graphs\n\n'
    yield str((t_1(environment.getattr((undefined(name='appendix') if l_0_appendix is missing else l_0_appendix), 'monitoring_graphs')) if environment.getattr((undefined(name='appendix') if l_0_appendix is missing else l_0_appendix), 'monitoring_graphs') else '[Insert graphs of the key metrics during the incident]'))
    yield '\n\n### Communication Log\n\n'
    yield str((t_1(environment.getattr((undefined(name='appendix') if l_0_appendix is missing else l_0_appendix), 'communication_log')) if environment.getattr((undefined(name='appendix') if l_0_appendix is missing else l_0_appendix), 'communication_log') else '[Insert status page updates and customer communication]'))
    yield '\n'
    if environment.getattr((undefined(name='appendix') if l_0_appendix is missing else l_0_appendix), 'code'):
        pass
        yield '\n### Code Fix\n'
        yield str(environment.call(context, (undefined(name='code_blocks') if l_0_code_blocks is missing else l_0_code_blocks), environment.getattr((undefined(name='appendix') if l_0_appendix is missing else l_0_appendix), 'code'), bold_caption=False, _block_vars=_block_vars))

def block_review(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

blocks = {'header': block_header, 'summary': block_summary, 'impact': block_impact, 'timeline': block_timeline, 'metrics': block_metrics, 'root_cause': block_root_cause, 'factors': block_factors, 'went_well': block_went_well, 'went_wrong': block_went_wrong, 'lucky': block_lucky, 'action_items': block_action_items, 'lessons': block_lessons, 'related': block_related, 'prevention': block_prevention, 'appendix': block_appendix, 'review': block_review}
debug_info = '7=30&8=40&9=42&10=50&11=60&13=65&14=73&15=77&18=86&19=92&21=97&23=99&26=106&27=113&29=119&30=121&31=125&33=131&37=138&40=145&54=146&60=147&90=148&91=149&92=150&102=151&103=152&104=153&111=154&112=155&126=156&127=157&137=158&138=159&148=160&156=161&157=162&167=163&168=164&178=165&179=166&189=167&190=168&202=169&203=170&221=171&222=172&40=174&41=212&43=215&44=217&45=219&46=221&47=223&48=226&50=228&51=231&54=234&58=250&60=253&61=290&65=293&66=296&68=298&69=302&71=308&72=311&74=313&75=316&77=318&78=321&80=323&81=326&83=328&84=332&86=336&92=340&94=357&96=359&97=361&102=367&104=376&108=393&109=395&112=397&116=427&117=432&118=434&119=438&120=441&127=452&131=463&132=465&138=470&142=481&143=483&148=488&149=498&153=501&157=503&161=519&162=521&168=527&172=538&173=540&179=545&180=578&184=581&185=585&190=590&191=605&197=609&198=612&203=620&204=637&210=640&214=642&215=644&218=647&222=649'