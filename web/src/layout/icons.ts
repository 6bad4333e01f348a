import {
  Avatar,
  Bell,
  Connection,
  Document,
  EditPen,
  FirstAidKit,
  HomeFilled,
  Key,
  Lock,
  Message,
  OfficeBuilding,
  Reading,
  Setting,
  User,
  UserFilled,
  Warning,
} from '@element-plus/icons-vue';
import type { Component } from 'vue';

/** The icons menus and tabs may name (imported one by one to keep the bundle small). */
export const ICONS: Record<string, Component> = {
  Avatar,
  Bell,
  Connection,
  Document,
  EditPen,
  FirstAidKit,
  HomeFilled,
  Key,
  Lock,
  Message,
  OfficeBuilding,
  Reading,
  Setting,
  User,
  UserFilled,
  Warning,
};
